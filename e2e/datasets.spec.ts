import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { watchForErrors } from "./pages/app-shell";
import { sampleDataset } from "./pages/api";
import { DatasetsPage } from "./pages/datasets-page";

const SAMPLE = "Sample product reviews";

test("the sample reviews are imported on first start and the search box finds a product's reviews", async ({
  page,
}) => {
  const problems = watchForErrors(page);
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.waitReady(SAMPLE);
  await expect(datasets.dataset(SAMPLE)).toContainText("in 12 products");
  await expect(datasets.dataset(SAMPLE)).toContainText("1 row without text to embed skipped");

  const panel = await datasets.search({
    dataset: SAMPLE,
    group: "B00SAMPLE09",
    question: "How is the night vision?",
    k: 3,
  });
  const hits = panel.getByRole("list", { name: "Search results" }).getByRole("listitem");
  await expect(hits).toHaveCount(3);
  await expect(panel.getByTestId("search-group")).toHaveText("Ring video doorbell · B00SAMPLE09"); // the product by name
  await expect(hits.first()).toContainText("night vision");
  await expect(hits.first()).toContainText(/similarity 0\.\d{3}/);

  // A review holding markup is shown as text, never run.
  let dialog = false;
  page.on("dialog", (d) => {
    dialog = true;
    void d.dismiss();
  });
  const markup = await datasets.search({
    dataset: SAMPLE,
    group: "B00SAMPLE01",
    question: "markup script alert text",
    k: 1,
  });
  await expect(markup.getByRole("listitem").first()).toContainText("<script>alert(1)</script>");
  expect(dialog).toBe(false);
  expect(problems).toEqual([]);
});

test("hybrid search says which retriever found each review, and the sample's recall is measured per mode", async ({
  page,
}) => {
  const problems = watchForErrors(page);
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.waitReady(SAMPLE);
  await expect(datasets.dataset(SAMPLE)).toContainText(/\d+ repeated reviews stored once/);
  const panel = page.getByRole("region", { name: "Try the retrieval" });
  await panel.getByLabel("Retrieval").selectOption("hybrid");
  await datasets.search({ dataset: SAMPLE, group: "B00SAMPLE01", question: "Does it come with a charger?", k: 2 });
  const first = panel.getByRole("list", { name: "Search results" }).getByRole("listitem").first();
  await expect(first).toContainText("charger");
  await expect(first).toContainText(/full-text rank \d+/);

  const evaluation = page.getByRole("region", { name: "How well does retrieval find the answers?" });
  await evaluation.getByRole("button", { name: /Evaluate retrieval/ }).click();
  const rows = evaluation.getByRole("table", { name: "Retrieval evaluation" }).locator("tbody tr");
  await expect(rows).toHaveCount(12, { timeout: 60_000 });
  await expect(rows.first()).toContainText(/\d+% \[\d+%, \d+%\]/);
  expect(problems).toEqual([]);
});

test("a CSV of another layout is mapped by hand, imported with visible progress, and searchable", async ({ page }) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  const rows = ["sku;comment;stars"];
  for (let i = 0; i < 4000; i++) {
    const sku = ["mug", "lamp", "desk"][i % 3];
    const comment = {
      mug: "the handle gets hot and the coffee stays warm",
      lamp: "the light is warm and the switch clicks",
      desk: "the drawer sticks but the top is solid",
    }[sku];
    rows.push(`${sku};${comment} (note ${i});${1 + (i % 5)}`);
  }
  await datasets.upload("kitchen-notes.csv", rows.join("\n"));
  await expect(page.getByRole("table", { name: "First rows of the file" })).toContainText("the handle gets hot");
  await expect(page.getByText("separator")).toContainText(";");
  await page.getByRole("checkbox", { name: "comment" }).first().check();
  await page.getByLabel("Group column (e.g. product id)").selectOption("sku");
  await page
    .getByRole("group", { name: /Label columns/ })
    .getByRole("checkbox", { name: "stars" })
    .check();
  await page.getByRole("button", { name: "Import", exact: true }).click();

  const row = datasets.dataset("kitchen-notes");
  await expect(row.getByRole("progressbar")).toBeVisible();
  await expect(row).toContainText(/rows\/s/);
  await datasets.waitReady("kitchen-notes");
  await expect(row).toContainText("4,000 documents in 3 products");

  const panel = await datasets.search({
    dataset: "kitchen-notes",
    group: "lamp",
    question: "does the switch click?",
    k: 2,
  });
  await expect(panel.getByRole("listitem").first()).toContainText("switch clicks");
  // The label column kept at import shows with each result.
  const labels = panel.getByTestId("hit-labels").first();
  await expect(labels.locator("dt")).toHaveText("stars");
  await expect(labels.locator("dd")).toHaveText(/^[1-5]$/);
});

test("bad files and bad searches get a message that says what to do", async ({ page, request }) => {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.upload("empty.csv", "");
  await expect(page.getByRole("alert").filter({ hasText: "The file is empty" })).toBeVisible();
  await datasets.upload("latin1.csv", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x78, 0x0a]));
  await expect(page.getByRole("alert").filter({ hasText: "not UTF-8 text" })).toBeVisible();
  await datasets.upload("numbers.csv", "1,2\n3,4\n");
  await expect(page.getByRole("alert").filter({ hasText: "needs a header row" })).toBeVisible();

  const sample = await sampleDataset(request);
  const search = (q: string) => request.get(`/api/datasets/${sample.id}/search?${q}`);
  expect((await search("q=hi&group=NOPE")).status()).toBe(404);
  expect((await (await search("q=hi&group=B00SAMPLE01&k=500")).json()).error.message).toMatch(
    /k must be a whole number from 1 to 50/,
  );
  expect((await search("q=&group=B00SAMPLE01")).status()).toBe(400);
  expect((await (await search("q=hi&group=B00SAMPLE01&mode=bm25")).json()).error.message).toMatch(
    /mode must be "vector" or "hybrid"/,
  );
  expect((await (await search("q=hi&group=B00SAMPLE01&mmr=yes")).json()).error.message).toMatch(/mmr must be 1/);
  // The e2e server runs with LINEUP_UPLOAD_LIMIT_MB=5.
  await datasets.upload("huge.csv", "a,b\n" + "xxxxxxxxxx,yyyyyyyyyy\n".repeat(300_000));
  await expect(page.getByRole("alert").filter({ hasText: "larger than the upload limit of 5.0 MiB" })).toBeVisible();
});

test("a CSV is imported by path from the command line, through the running server", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-cli-"));
  const file = path.join(dir, "cli-notes.csv");
  fs.writeFileSync(file, "item,note\nkettle,boils fast and quietly\nkettle,the lid sticks\ntoaster,browns evenly\n");
  const run = spawnSync("npm", ["run", "import", "--", file, "--text", "note", "--group", "item"], {
    env: { ...process.env, PORT: process.env.E2E_PORT, HOST: "127.0.0.1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(run.stdout).toContain('importing "cli-notes"');
  expect(run.stdout).toContain("ready: 3 documents");
  expect(run.status).toBe(0);
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await expect(datasets.dataset("cli-notes")).toContainText("3 documents in 2 products");

  const missing = spawnSync("npm", ["run", "import", "--", "/nonexistent.csv"], { encoding: "utf8" });
  expect(missing.status).not.toBe(0);
  expect(missing.stderr).toContain("There is no file /nonexistent.csv");
});

test("a CSV with more rows than the embedded database can index is refused before anything is stored", async ({
  page,
}) => {
  // 700,000 distinct rows at the demo embedder's 256 dimensions: past PGlite's ceiling (about 674,000 rows, from its
  // 1 GiB build memory in a 2 GiB WebAssembly heap), in 3.4 MB, under the e2e server's 5 MB upload limit. This had
  // imported in the running app: the route's copy of the database module did not know the database was PGlite.
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.waitReady(SAMPLE);
  await datasets.upload(
    "too-many-rows.csv",
    ["text", ...Array.from({ length: 700_000 }, (_, i) => i.toString(36))].join("\n"),
  );
  await page.getByRole("checkbox", { name: "text", exact: true }).first().check();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "more than the embedded database can index" });
  await expect(refusal).toBeVisible({ timeout: 60_000 });
  await expect(refusal).toContainText("700,000 rows");
  await expect(refusal).toContainText("DATABASE_URL");
  await expect(datasets.dataset("too-many-rows")).toHaveCount(0);
  await expect(datasets.dataset(SAMPLE)).toHaveAttribute("data-status", "ready");
});
