import { expect, test } from "@playwright/test";
import { AppShell, watchForErrors } from "./pages/app-shell";
import { SCRIPT_HEADERS, startSmallRun, waitForRunEnd } from "./pages/api";

// The blind arena on a finished run: votes by keyboard, models revealed only after the vote, ratings that move
// with the votes, a second person voting through the shared link with their own voter id, and the leaderboard.

const MODELS = ["tiny-dense-mha.Q8_0.gguf", "tiny-gqa.Q8_0.gguf", "tiny-moe-8x2.Q8_0.gguf"];

test("voting in the arena by keyboard, from two browsers, rates the models and fills the leaderboard", async ({
  page,
  browser,
  request,
}) => {
  const problems = watchForErrors(page);
  const runId = await startSmallRun(request, { models: MODELS });
  expect(await waitForRunEnd(request, runId)).toBe("completed");

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("quality-row")).toHaveCount(3);
  const dealt = page.waitForResponse((r) => r.url().endsWith(`/api/runs/${runId}/arena`));
  await page.getByTestId("arena-link").click();
  await page.waitForURL(`**/runs/${runId}/arena`);
  // Blind even to a voter reading the network panel: the pair the browser receives names no model.
  const sent = await (await dealt).text();
  for (const model of MODELS) expect(sent).not.toContain(model.replace(/\.gguf$/, ""));
  expect(JSON.parse(sent).pair.ticket).toEqual(expect.any(String));
  const progress = page.getByTestId("arena-progress");
  await expect(progress).toHaveText("0 of 6 pairs"); // 2 questions x 3 model pairs
  await expect(page.getByTestId("arena-answer-a")).toBeVisible();
  await expect(page.getByTestId("arena-model-a")).toHaveCount(0); // hidden before the vote
  await expect(page.getByTestId("ratings-votes")).toHaveText("0");

  await page.keyboard.press("1");
  await expect(page.getByTestId("arena-revealed")).toContainText("You chose A");
  // Revealed by its display name (no ".gguf", no quantisation), the same as on the run page.
  const winner = (await page.getByTestId("arena-model-a").getAttribute("data-model"))!;
  expect(MODELS).toContain(winner);
  await expect(page.getByTestId("arena-model-a")).toHaveText(`· ${winner.replace(/\.Q8_0\.gguf$/, "")}`);
  await expect(progress).toHaveText("1 of 6 pairs");
  await expect(page.getByTestId("ratings-votes")).toHaveText("1");
  await expect(page.locator(`[data-testid=rating-row][data-model="${winner}"] [data-testid=rating-wins]`)).toHaveText(
    "1",
  );

  await page.keyboard.press("n");
  await expect(page.getByTestId("arena-revealed")).toHaveCount(0);
  await expect(page.getByTestId("arena-answer-a")).toBeVisible(); // the next pair has arrived
  await expect(page.getByTestId("arena-model-a")).toHaveCount(0);
  await page.keyboard.press("x");
  await expect(page.getByTestId("arena-revealed")).toContainText("both bad");
  await expect(page.getByTestId("ratings-votes")).toHaveText("2");

  // Someone else opens the same link: their own voter id, their own progress.
  const other = await browser.newContext();
  const second = await other.newPage();
  const secondProblems = watchForErrors(second);
  await second.goto(`/runs/${runId}/arena`);
  await expect(second.getByTestId("arena-progress")).toHaveText("0 of 6 pairs");
  await second.keyboard.press("2");
  await expect(second.getByTestId("arena-revealed")).toContainText("You chose B");
  await expect(second.getByTestId("ratings-votes")).toHaveText("3");
  const voter = async (context: typeof other) => (await context.cookies()).find((c) => c.name === "lineup_voter");
  const [mine, theirs] = [await voter(page.context()), await voter(other)];
  expect(mine?.httpOnly && theirs?.httpOnly).toBe(true);
  expect(mine?.value).not.toBe(theirs?.value);
  await other.close();
  expect(secondProblems).toEqual([]);

  const ratings = await (await request.get(`/api/runs/${runId}/ratings`)).json();
  expect(ratings.votes).toBe(3);
  expect(ratings.ratings.map((r: { model: string }) => r.model).sort()).toEqual([...MODELS].sort());

  await new AppShell(page).goTo("Leaderboard");
  const board = page.getByTestId("leaderboard-board").filter({ has: page.getByRole("link", { name: runId }) });
  await expect(board).toBeVisible();
  await expect(board.getByTestId("rating-row")).toHaveCount(3);
  await expect(board.getByTestId("quality-speed-point")).toHaveCount(3);
  expect(problems).toEqual([]);
});

test("bad votes are refused with the reason", async ({ request }) => {
  const runId = await startSmallRun(request, { models: MODELS.slice(0, 2) });
  await waitForRunEnd(request, runId);
  const { questions } = await (await request.get(`/api/runs/${runId}`)).json();
  const vote = (data: Record<string, unknown>) =>
    request.post(`/api/runs/${runId}/votes`, { data, headers: SCRIPT_HEADERS });
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ questionId: questions[0].id, a: MODELS[0], b: MODELS[0], winner: "a" }, /same model/],
    [{ questionId: questions[0].id, a: MODELS[0], b: "ghost.gguf", winner: "a" }, /not in run/],
    [{ questionId: 987654321, a: MODELS[0], b: MODELS[1], winner: "tie" }, /no question/],
    [{ questionId: questions[0].id, a: MODELS[0], b: MODELS[1], winner: "maybe" }, /winner/],
  ];
  for (const [data, reason] of cases) {
    const res = await vote(data);
    expect(res.status()).toBe(400);
    expect((await res.json()).error.message).toMatch(reason);
  }
  const ok = await vote({ questionId: questions[0].id, a: MODELS[0], b: MODELS[1], winner: "both_bad" });
  expect(ok.status()).toBe(201);
  expect((await ok.json()).models).toEqual({ a: MODELS[0], b: MODELS[1] });
  // The same voter (the cookie the first vote set) again on the same pair, sides swapped: the first vote stands.
  const again = await vote({ questionId: questions[0].id, a: MODELS[1], b: MODELS[0], winner: "a" });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.message).toMatch(/already voted on this pair/);
});

test("a local judge started from the run page grades every pair, then every answer, and says how far to trust it", async ({
  page,
  request,
}) => {
  const problems = watchForErrors(page);
  const runId = await startSmallRun(request, { models: MODELS.slice(0, 2) });
  expect(await waitForRunEnd(request, runId)).toBe("completed");
  await page.goto(`/runs/${runId}`);
  const panel = page.getByTestId("judge-panel");
  await panel.locator("summary").first().click();
  await panel.getByTestId("judge-model").selectOption(MODELS[2]);
  await panel.getByTestId("judge-mode").selectOption("pairwise");
  await panel.getByRole("button", { name: "Start the judge" }).click();
  const row = panel.locator('[data-testid="judge-row"][data-mode="pairwise"]');
  // 2 questions x 1 model pair, each judged in both orders; the grammar makes every verdict parse.
  await expect(row).toContainText("100%", { timeout: 60_000 });
  await expect(row.locator("td").nth(2)).toHaveText("2");
  await expect(panel.getByTestId("judge-job")).toHaveCount(0); // done jobs leave the progress list

  // Claims: every answer's claims checked; the grades appear beside the answers, and the means per model.
  await panel.getByTestId("judge-mode").selectOption("claims");
  await panel.getByRole("button", { name: "Start the judge" }).click();
  const claims = panel.locator('[data-testid="judge-row"][data-mode="claims"]');
  await expect(claims.locator("td").nth(2)).toHaveText("4", { timeout: 120_000 }); // 2 questions x 2 models
  await expect(panel.getByTestId("judge-means")).toContainText("claim support");
  // Without a reload: the page takes the grades in when the judge finishes.
  await expect(page.getByTestId("answer-grades").first()).toContainText("Judged:");
  const api = await (await request.get(`/api/runs/${runId}`)).json();
  const graded = api.generations.filter((g: { grades?: unknown[] }) => g.grades?.length);
  expect(graded.length).toBeGreaterThan(0);
  expect(graded[0].grades[0]).toMatchObject({ judge: MODELS[2], mode: "claims", claims: expect.any(Array) });
  expect(problems).toEqual([]);
});

test("a judge is refused with a message when the model or the mode is not one there is", async ({ request }) => {
  const runId = await startSmallRun(request, { models: MODELS.slice(0, 2) });
  expect(await waitForRunEnd(request, runId)).toBe("completed");
  const post = (data: unknown) => request.post(`/api/runs/${runId}/judge`, { headers: SCRIPT_HEADERS, data });
  const ghost = await post({ model: "ghost.gguf", mode: "rubric" });
  expect(ghost.status()).toBe(400);
  expect((await ghost.json()).error.message).toMatch(/not among the models found/);
  const badMode = await post({ model: MODELS[0], mode: "vibes" });
  expect(badMode.status()).toBe(400);
  expect((await badMode.json()).error.message).toMatch(/mode/);
  const gone = await post({ model: "remote:ep_gone/x" });
  expect(gone.status()).toBe(400);
  expect((await gone.json()).error.message).toMatch(/not configured/);
});
