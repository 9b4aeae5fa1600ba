import { expect, test } from "@playwright/test";
import { watchForErrors } from "./pages/app-shell";
import { cancelRunsAfterEach, startSmallRun, waitForRunEnd } from "./pages/api";

// The verdict at the top of a run and of the compare page, and the answer grid's filters, on a run of its own.
const started = cancelRunsAfterEach();
const QUESTIONS = ["What do people like?", "What do people dislike?"];

test("a short run's verdict says it can't tell and what to do, and the answer grid filters by product and model", async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const problems = watchForErrors(page);
  const id = await startSmallRun(request, { groups: ["B00SAMPLE01", "B00SAMPLE02"], questions: QUESTIONS });
  started.push(id);
  expect(await waitForRunEnd(request, id)).toBe("completed");
  await page.goto(`/runs/${id}`);

  // Three warm answers a model (the first after loading is left out of timings) are too few to tell two models
  // apart: the verdict says so, and how many repetitions of these four questions would do.
  const verdict = page.getByRole("region", { name: "Verdict" });
  await expect(verdict).toBeVisible();
  const speed = verdict.locator('[data-aspect="speed"]');
  await expect(speed).toHaveAttribute("data-status", "cant-tell");
  await expect(speed).toContainText("Can't tell: 3 answers for a model; a verdict needs at least 10 per model.");
  await expect(speed).toContainText("Run it with 3 repetitions");
  // It sits above the figures it sums up.
  const verdictTop = (await verdict.boundingBox())!.y;
  expect(verdictTop).toBeLessThan((await page.getByRole("heading", { name: "Models side by side" }).boundingBox())!.y);

  // The grid: 2 products × 2 questions; a small run opens every line.
  await expect(page.getByTestId("grid-count")).toHaveText("4 questions");
  await expect(page.getByTestId("question")).toHaveCount(4);
  await page.getByLabel("Product").selectOption("B00SAMPLE02");
  await expect(page.getByTestId("grid-count")).toHaveText("2 of 4 questions match");
  await expect(page.getByTestId("question")).toHaveCount(2);
  for (const block of await page.getByTestId("question").all()) await expect(block).toContainText("B00SAMPLE02");
  await page.getByLabel("Question", { exact: true }).selectOption(QUESTIONS[1]);
  await expect(page.getByTestId("question")).toHaveCount(1);
  await expect(page.getByTestId("question")).toContainText(QUESTIONS[1]);
  // Hiding a model hides its column.
  await page.getByRole("group", { name: "Filter the answers" }).getByLabel("tiny-gqa").uncheck();
  await expect(page.locator('[data-testid="answer"][data-model="tiny-gqa.Q8_0.gguf"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="answer"][data-model="tiny-dense-mha.Q8_0.gguf"]')).toHaveCount(1);
  // A folded line shows each answer cut short; it opens again.
  await page.getByRole("button", { name: "Fold", exact: true }).click();
  await expect(page.getByTestId("question")).toHaveCount(0);
  await expect(page.getByTestId("grid-cell")).toHaveCount(1);
  await page.getByTestId("grid-row").getByRole("button", { name: QUESTIONS[1] }).click();
  await expect(page.getByTestId("question")).toHaveCount(1);
  expect(problems).toEqual([]);
});

test("the compare page gives deltas with intervals and can't tell on runs this short", async ({ page, request }) => {
  test.setTimeout(300_000);
  const a = await startSmallRun(request, { questions: QUESTIONS });
  started.push(a);
  await waitForRunEnd(request, a);
  const b = await startSmallRun(request, { questions: QUESTIONS });
  started.push(b);
  await waitForRunEnd(request, b);
  await page.goto(`/runs/compare?a=${a}&b=${b}`);
  const verdict = page.getByRole("region", { name: "Verdict" });
  await expect(verdict).toContainText("No figure changed measurably between the runs");
  const speed = verdict.getByTestId("verdict-delta").filter({ hasText: "Speed" }).first();
  await expect(speed).toHaveAttribute("data-change", "unclear");
  await expect(speed).toContainText(/[+−]?\d+ % \([+−]?\d+ to [+−]?\d+ %\)/);
  await expect(speed).toContainText("too few answers (1; a call needs 10 in each run)");
  // Figures whose text differs are no longer marked as differences; the settings that differ still are.
  await expect(page.locator("tr[data-differs=true]").filter({ hasText: "generation tok/s" })).toHaveCount(0);
});

test("while a run streams, a link that stays in view jumps to the answer being written", async ({ page, request }) => {
  test.setTimeout(300_000);
  // Demo models write long answers: the run is still going when the page looks.
  const id = await startSmallRun(request, {
    models: ["demo-dense-mha.Q8_0.gguf", "demo-gqa.Q8_0.gguf"],
    groups: ["B00SAMPLE01", "B00SAMPLE02", "B00SAMPLE03"],
    // Answers of a few seconds: at 512 tokens an idle machine (CI, b99ddf9) moved on before the click's check.
    maxTokens: 1536,
    contextSize: 2048,
    // Ten repetitions keep the run going for minutes (it is cancelled afterwards).
    repetitions: 10,
  });
  started.push(id);
  await page.goto(`/runs/${id}`);
  const live = page.getByTestId("live-link");
  await expect(live).toBeVisible({ timeout: 120_000 });
  await expect(live).toBeInViewport();
  // The answer being written moves on every few seconds, and between two answers (or two models) there is none:
  // a click that lands then is tried again.
  await expect(async () => {
    await live.click();
    await expect(page.locator("#live-answer")).toBeInViewport({ timeout: 2000 });
    await expect(page.locator('#live-answer [data-testid="answer"]')).toHaveAttribute("data-state", "running", {
      timeout: 1000,
    });
  }).toPass({ timeout: 90_000 });
});
