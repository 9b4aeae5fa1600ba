import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { watchForErrors } from "./pages/app-shell";
import { cancelRunsAfterEach, sampleDataset, startSmallRun, waitForRunEnd } from "./pages/api";
import { RunPage } from "./pages/run-page";

const MODELS = ["demo-dense-mha.Q8_0.gguf", "demo-gqa.Q8_0.gguf", "demo-moe-8x2.Q8_0.gguf"];
const TRAINED = [
  "lineup-dense.Q8_0.gguf",
  "lineup-gqa.Q8_0.gguf",
  "lineup-moe-8x2.Q8_0.gguf",
  "lineup-dense-large.Q8_0.gguf",
];

// Runs share one queue: a run a test leaves going (it failed, or timed out) is cancelled after it.
const started = cancelRunsAfterEach();

async function buildRun(page: Page) {
  await sampleDataset(page.request);
  await page.goto("/");
  const form = page.getByRole("form", { name: "New comparison" });
  const dataset = form.getByLabel("Dataset");
  const sample = await dataset.locator("option").filter({ hasText: "Sample product reviews" }).getAttribute("value");
  await dataset.selectOption(sample!);
  // Two groups keep the test short; the markup question makes the review holding <script> part of the context.
  // Chosen through the list's filter after "Select none"; the list is sorted by name, so the first product of the
  // file (the one with the <script> review) is not among the default first two.
  await form.getByRole("button", { name: "Select none" }).click();
  await expect(form.locator(".group-list input[type=checkbox]:checked")).toHaveCount(0);
  for (const code of ["B00SAMPLE01", "B00SAMPLE02"]) {
    await form.getByLabel("Filter groups").fill(code);
    await expect(form.locator(".group-list input[type=checkbox]")).toHaveCount(1);
    await form.locator(".group-list input[type=checkbox]").check();
  }
  await form.getByLabel("Filter groups").fill("");
  await expect(form.getByRole("group", { name: /Groups \(2 of \d+ chosen\)/ })).toBeVisible();
  await form.getByRole("button", { name: "Add a question" }).click();
  await form.getByLabel("Question 3", { exact: true }).fill("markup script alert text");
  // The form proposes the trained models; this test streams the untrained ones, whose long answers can be watched growing.
  const box = (file: string) => form.getByRole("checkbox", { name: new RegExp(file.replace(/\./g, "\\.")) });
  for (const model of TRAINED) await expect(box(model)).toBeChecked();
  for (const model of TRAINED) await box(model).uncheck();
  for (const model of MODELS) await box(model).check();
  // Long enough answers that each model streams for seconds: at 96 tokens the MoE demo model wrote its whole column in
  // well under a second, which a page reloading mid-run could miss entirely; at 768 on an idle machine (CI, b99ddf9)
  // no answer was caught mid-stream. 1,536 tokens in a 2,048-token context (the demo models' trained length).
  await form.getByLabel("Context size").fill("2048");
  await form.getByLabel("Max tokens").fill("1536");
  // One thread per model: on a machine shared with other work, llama.cpp's threads wait on each other.
  await form.getByLabel("Threads").fill("1");
  await form.getByRole("button", { name: "Start the comparison" }).click();
  await page.waitForURL(/\/runs\/run_[0-9a-f]+$/);
  started.push(new URL(page.url()).pathname.split("/").pop()!);
  return page.url();
}

test("a run built in the form streams side by side, charts every model, survives a reload, and is shared", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(480_000); // minutes on a busy 2-core machine
  const problems = watchForErrors(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const url = await buildRun(page);
  const run = new RunPage(page);

  // Each model's answers stream: a cell seen running holds part of its answer, and the whole answer once it ends.
  // Demo models are fast (a MoE column can take a second), so a cell may be first seen with its text nearly all
  // there; the streaming is asserted where it was caught (at least one model), the running state for every model.
  let caughtMidAnswer = 0;
  for (const model of MODELS) {
    const cell = run.running(model).first();
    // The first (slowest) model must be seen running. A fast one may write its whole column while the page reloads
    // or looks at another: then it is not caught running here, and its answers are checked with the run's below.
    const seen = await cell
      .waitFor({ state: "visible", timeout: model === MODELS[0] ? 120_000 : 30_000 })
      .then(() => true)
      .catch(() => false);
    expect(seen || model !== MODELS[0], `${model} was never seen running`).toBe(true);
    if (!seen) continue;
    // A fast model can end its last answer between being seen and being grabbed (CI, 0acf187: the MoE column
    // ended in those milliseconds, and grabbing waited out the test's 8 minutes): then it was not caught here.
    const handle = await cell.elementHandle({ timeout: 2_000 }).catch(() => null);
    if (!handle) continue;
    const textLength = () => handle.evaluate((e) => e.querySelector(".answer-text")?.textContent?.length ?? 0);
    // The text's length, sampled every 50 ms while the cell runs: growth between any two samples is streaming.
    const lengths = [await textLength()];
    await expect
      .poll(
        async () => {
          lengths.push(await textLength());
          return handle.evaluate((e) => e.getAttribute("data-state"));
        },
        { timeout: 60_000, intervals: [50] },
      )
      .not.toBe("running");
    const whole = await textLength();
    expect(whole).toBeGreaterThanOrEqual(Math.max(...lengths));
    if (new Set([...lengths, whole]).size > 1) caughtMidAnswer++;
    if (model === MODELS[0]) {
      // Reload mid-run, while the slowest model still writes: the page picks the stream up again. (Reloaded during
      // the second model, the third, fastest one could finish its column while the page loaded.)
      const done = Number((await page.getByTestId("run-progress").innerText()).split(" ")[0]);
      await page.reload();
      await expect
        .poll(async () => Number((await page.getByTestId("run-progress").innerText()).split(" ")[0]), {
          timeout: 60_000,
        })
        .toBeGreaterThan(done);
    }
  }

  expect(caughtMidAnswer, "no answer was seen while it was being written").toBeGreaterThan(0);
  await run.waitFinished();
  await expect(run.status()).toHaveText("completed");
  await expect(page.getByTestId("run-progress")).toContainText("18 of 18 answers");
  for (const title of [
    "Generation rate",
    "Words per second",
    "Time to first token",
    "End-to-end time",
    "Answer length",
  ]) {
    await expect(run.chartMarks(title)).toHaveCount(3);
  }
  await expect(page.locator('figure[aria-label="Memory"] .recharts-bar-rectangle')).toHaveCount(9);
  await expect(page.getByTestId("model-summary")).toHaveCount(3);

  // Markup from a review is shown as text, never run.
  const markup = page.getByRole("region", { name: /markup script alert text/ }).first();
  await markup.locator("summary", { hasText: "Retrieved context" }).click();
  await expect(markup.locator(".context-docs").getByText("<script>alert(1)</script>", { exact: false })).toBeVisible();
  // The prompts the models received hold the same review, as text too.
  await markup.locator("summary", { hasText: "Prompt this model received" }).first().click();
  await expect(markup.locator("pre.prompt").first()).toContainText("<script>alert(1)</script>");
  expect(dialogs).toBe(0);

  const answers = await run.allAnswers();
  const summary = await page.getByTestId("model-summary").allInnerTexts();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: testInfo.outputPath("run-page.png"), fullPage: true });

  // The share link, opened by a colleague in a fresh browser: the same answers and figures.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await colleague.goto(url);
  const shared = new RunPage(colleague);
  await expect(shared.status()).toHaveText("completed");
  expect(await shared.allAnswers()).toEqual(answers);
  expect(await colleague.getByTestId("model-summary").allInnerTexts()).toEqual(summary);
  await other.close();

  // Exports: everything as JSON, one row per generation as CSV.
  const [json] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export JSON" }).click(),
  ]);
  const exported = JSON.parse(fs.readFileSync((await json.path())!, "utf8"));
  expect(exported.generations).toHaveLength(18);
  expect(exported.run.manifest.models.map((m: { file: string }) => m.file)).toEqual(MODELS);
  expect(exported.run.manifest.hardware.physicalCores).toBeGreaterThan(0);
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const lines = fs
    .readFileSync((await csv.path())!, "utf8")
    .trim()
    .split("\n");
  expect(lines[0]).toContain("generationTokensPerSecond");
  expect(lines[0]).toContain("answer");
  expect(lines.slice(1).filter((l) => l.startsWith("run_"))).toHaveLength(18);
  const [html] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export HTML" }).click(),
  ]);
  const snapshot = fs.readFileSync((await html.path())!, "utf8");
  expect(snapshot).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  expect(snapshot).not.toContain("<script>alert(1)</script>");

  expect(problems).toEqual([]);
});

test("the runs list links to each run and compares two of them", async ({ page, request }) => {
  test.setTimeout(240_000);
  // Its own run, finished before the list is read.
  const id = await startSmallRun(request);
  started.push(id);
  await waitForRunEnd(request, id);
  await page.goto("/runs");
  const rows = page.getByTestId("run-row");
  const first = rows.filter({ hasText: id }).getByRole("link", { name: id });
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${id}$`));
  await page.getByRole("button", { name: "Re-run" }).click();
  await page.waitForURL((u) => /\/runs\/run_/.test(u.pathname) && !u.pathname.endsWith(id));
  const rerunId = new URL(page.url()).pathname.split("/").pop()!;
  started.push(rerunId);
  await page.goto("/runs");
  await page.getByRole("checkbox", { name: `Compare ${id}` }).check();
  await page.getByRole("checkbox", { name: `Compare ${rerunId}` }).check();
  await page.getByRole("button", { name: "Compare the two chosen runs" }).click();
  await expect(page.getByRole("heading", { name: "Compare two runs" })).toBeVisible();
  await expect(page.locator("tr[data-differs=false]").filter({ hasText: "temperature" })).toBeVisible();
});

test("a bad run request and an unknown run get clear messages", async ({ page, request }) => {
  // A script names the server's origin (see README, Security); the browser does that by itself.
  const origin = new URL(page.url() === "about:blank" ? `http://127.0.0.1:${process.env.E2E_PORT}` : page.url()).origin;
  const res = await request.post("/api/runs", { data: { datasetId: "nope", models: ["a.gguf"] }, headers: { origin } });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.message).toMatch(/models: choose at least two models/);
  const missing = await page.goto("/runs/run_000000000000");
  expect(missing?.status()).toBe(404);
});

test("the form's memory estimates follow the chosen context size", async ({ page }) => {
  await page.goto("/");
  const dense = page.locator("label.model-pick").filter({ hasText: "demo-dense-mha.Q8_0.gguf" });
  await expect(dense).toContainText("about 75.8 MiB in memory");
  await page.getByLabel("Context size").fill("8192");
  // The dense model's KV cache is 16 KiB per token: 7,168 more tokens add 112 MiB; llama.cpp's compute buffers
  // (the attention's scratch is context × batch) add 162 MiB more, as node-llama-cpp estimates them at 8k.
  await expect(dense).toContainText("about 350 MiB in memory");
});
