import { expect, test } from "@playwright/test";
import { TEST_SHAPES, standinFile } from "../lib/models/standins/shapes";
import { writeStandin } from "../lib/models/standins/write-standin";
import { SCRIPT_HEADERS } from "./pages/api";
import { watchForErrors } from "./pages/app-shell";

// A sweep from the form to its shareable page, in Chromium: live progress, then charts and a table of measured
// points, the skipped depth with its reason, what llama.cpp does with a header's sliding window, and the exports.

const GEMMA = standinFile(TEST_SHAPES[0]);

test("a sweep started from the form fills its page: progress, charts, points, skips and exports", async ({
  page,
  request,
}) => {
  writeStandin(TEST_SHAPES[0], process.env.E2E_MODELS_DIR!);
  const problems = watchForErrors(page);
  await page.goto("/");
  await page.getByRole("link", { name: "sweep", exact: true }).click();
  await expect(page).toHaveURL(/\/sweeps$/);

  const form = page.getByRole("form", { name: "New sweep" });
  // The stand-in just written may still be read in the background: reload until the form offers it.
  await expect(async () => {
    await page.reload();
    await expect(form.getByText(GEMMA)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  for (const box of await form.locator("label.model-pick input").all()) await box.uncheck();
  await form.locator("label.model-pick", { hasText: "tiny-dense-mha.Q8_0.gguf" }).getByRole("checkbox").check();
  await form.locator("label.model-pick", { hasText: GEMMA }).getByRole("checkbox").check();
  await form.getByLabel(/Depths/).fill("0, 256, 2048");
  await form.getByLabel("Prompt tokens (pp)").fill("32");
  await form.getByLabel("Generated tokens (tg)").fill("8");
  await form.getByLabel("Repetitions").fill("2");
  await form.getByLabel("Threads (one or more)").fill("1");
  await form.getByRole("button", { name: "Start the sweep" }).click();

  await expect(page).toHaveURL(/\/sweeps\/sweep_[0-9a-f]+$/);
  const url = page.url();
  await expect(page.getByRole("progressbar", { name: "Sweep progress" })).toBeVisible();
  await expect(page.getByTestId("sweep-status")).toHaveText("done", { timeout: 90_000 });

  // 2 models × 3 depths: the tiny dense model's trained context (1024) leaves out depth 2048, with the reason.
  await expect(page.getByTestId("sweep-table").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByRole("region", { name: "Skipped" })).toContainText(
    "passes the model's trained context of 1024",
  );
  for (const title of ["Prompt processing", "Generation", "KV cache held, measured", "Peak memory of the worker"])
    await expect(page.getByRole("figure", { name: title })).toBeVisible();
  await expect(page.getByTestId("window-note")).toContainText("applied by llama.cpp");
  await expect(page.getByText("stand-in: random weights, speed and memory only")).toBeVisible();

  // The link is the page: opened afresh, the same sweep; the exports carry the points.
  await page.goto(url);
  await expect(page.getByTestId("sweep-table").locator("tbody tr")).toHaveCount(5);
  const id = url.split("/").pop()!;
  const csv = await (await request.get(`/api/sweeps/${id}/export?format=csv`)).text();
  expect(csv.trim().split("\n")).toHaveLength(6);
  const json = await (await request.get(`/api/sweeps/${id}`)).json();
  const dense = json.points.filter((p: { model: string }) => p.model === "tiny-dense-mha.Q8_0.gguf");
  expect(dense[1].kvCacheBytes).toBeGreaterThan(dense[0].kvCacheBytes);
  expect(problems).toEqual([]);
});

test("bad sweep requests get a 400 that says what to fix", async ({ request }) => {
  const post = (data: unknown) => request.post("/api/sweeps", { data, headers: SCRIPT_HEADERS });
  const unknown = await post({ models: ["missing.gguf"] });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error.message).toMatch(/not among the models found/);
  const badKv = await post({ models: ["tiny-dense-mha.Q8_0.gguf"], kvCacheType: "q3" });
  expect(badKv.status()).toBe(400);
  expect((await badKv.json()).error.message).toMatch(/kvCacheType/);
  const missing = await request.get("/api/sweeps/sweep_000000000000");
  expect(missing.status()).toBe(404);
});
