import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { writeSampleCsv } from "../datasets/sample/generate";
import { importText, testContext } from "../datasets/testing/context";
import { TINY } from "../models/testing/fixtures";
import { eq } from "drizzle-orm";
import { generations } from "../db/schema";
import { scoreJob } from "../runs/job-types";
import { cancelRun, recoverRuns, stopAll, waitForJob, waitForRun } from "../runs/queue";
import { runsMissingScores } from "./backfill";
import { createRun, getRun } from "../runs/service";
import { runCsv, runJson } from "../runs/export";
import { runHtml } from "../runs/export-html";
import { runRatings } from "./ratings";
import { QUALITY_KEYS } from "./scores";
import { arenaNext, castVote, VoteInput } from "./votes";
import { enqueueJudge } from "./judge-start";
import { judgeJob, judgeJobs } from "./judge-run";
import { judgeSummary } from "./judge-summary";

// A real run of the three tiny models (real node-llama-cpp, the demo embedder, PGlite): the scores stored
// when it ends, then votes through the same functions the API routes call.

let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
let runId: string;
const MODELS = TINY.map((m) => m.file);

beforeAll(async () => {
  ctx = { ...(await testContext()), threads: 1 };
  const datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"));
  runId = (
    await createRun(ctx, {
      datasetId,
      models: MODELS,
      groups: ["B00SAMPLE01", "B00SAMPLE02"],
      maxTokens: 16,
      seed: 3,
      threads: 1,
    })
  ).id;
  await waitForRun(runId);
}, 180_000);
afterAll(async () => {
  await stopAll();
  await ctx.close();
});

describe("quality of a finished run", () => {
  it("stores every score of every answer as a number in [0, 1] when the run ends", async () => {
    const detail = await getRun(ctx, runId);
    expect(detail.run.status).toBe("completed");
    const ok = detail.generations.filter((g) => g.status === "ok");
    expect(ok.length).toBe(2 * 2 * 3);
    for (const g of ok) {
      expect(g.quality).not.toBeNull();
      for (const key of QUALITY_KEYS) {
        const v = g.quality![key];
        expect(typeof v).toBe("number");
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    // Same question, same documents: context relevance is one figure per question, whatever the model.
    for (const q of detail.questions) {
      const values = new Set(
        ok.filter((g) => g.questionId === q.id).map((g) => g.quality!.contextRelevance.toFixed(9)),
      );
      expect(values.size).toBe(1);
    }
  });
});

describe("exports", () => {
  it("carry the scores: one CSV column per score, a per-model summary in JSON, a table in HTML", async () => {
    const detail = await getRun(ctx, runId);
    const [header, ...rows] = runCsv(detail)
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    const col = header.indexOf("quality_groundedness");
    expect(col).toBeGreaterThan(0);
    expect(header).toContain("quality_refusal");
    for (const row of rows.filter((r) => r[header.indexOf("status")] === "ok")) {
      const v = Number(row[col]);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const json = JSON.parse(runJson(detail));
    expect(json.quality).toHaveLength(3);
    expect(json.quality[0].scores.groundedness.n).toBe(4);
    expect(runHtml(detail)).toContain("<h2>Answer quality</h2>");
  });
});

describe("votes", () => {
  const question = async () => (await getRun(ctx, runId)).questions[0].id;

  it("opens only once a run has finished", async () => {
    const pending = (
      await createRun(ctx, {
        datasetId: (await getRun(ctx, runId)).run.settings.datasetId,
        models: MODELS.slice(0, 2),
        groups: ["B00SAMPLE03"],
        maxTokens: 4,
        threads: 1,
      })
    ).id;
    const { questions } = await getRun(ctx, pending);
    await expect(
      castVote(ctx.db, pending, { questionId: questions[0]?.id ?? 1, a: MODELS[0], b: MODELS[1], winner: "a" }, "v1"),
    ).rejects.toThrow(/votes and judging open when it has finished/);
    await expect(arenaNext(ctx.db, pending, "v1")).rejects.toThrow(/has finished/);
    await waitForRun(pending);
  }, 120_000);

  it("refuses unknown models, a model against itself and unknown questions with a reason", async () => {
    const questionId = await question();
    await expect(
      castVote(ctx.db, runId, { questionId, a: "nope.gguf", b: MODELS[0], winner: "a" }, "v1"),
    ).rejects.toThrow(/not in run/);
    await expect(
      castVote(ctx.db, runId, { questionId, a: MODELS[0], b: MODELS[0], winner: "a" }, "v1"),
    ).rejects.toThrow(/same model/);
    await expect(
      castVote(ctx.db, runId, { questionId: 999_999, a: MODELS[0], b: MODELS[1], winner: "a" }, "v1"),
    ).rejects.toThrow(/no question/);
    expect((await runRatings(ctx.db, runId)).votes).toBe(0);
  });

  let dealt = "";
  it("gives each voter every (question, model pair) once, spread evenly over model pairs, then nothing", async () => {
    const first = await arenaNext(ctx.db, runId, "voter-1");
    expect(first.total).toBe(4 * 3); // 4 questions x 3 model pairs
    expect(first.done).toBe(0);
    const seenPairs: string[] = [];
    const seenCells = new Set<string>();
    for (let n = 0; n < first.total; n++) {
      const next = await arenaNext(ctx.db, runId, "voter-1");
      expect(next.done).toBe(n);
      // Blind: nothing the browser is sent names a model; the vote's answer reveals them.
      for (const model of MODELS) expect(JSON.stringify(next)).not.toContain(model.replace(/\.gguf$/, ""));
      const { question: q, ticket } = next.pair!;
      dealt = ticket;
      const {
        models: { a, b },
      } = await castVote(ctx.db, runId, { ticket, winner: "tie" }, "voter-1");
      expect(a).not.toBe(b);
      seenPairs.push([a, b].sort().join("+"));
      seenCells.add(`${q.id}|${[a, b].sort().join("+")}`);
      if (n === 2) expect(new Set(seenPairs).size).toBe(3); // the first three votes cover all three model pairs
    }
    expect(seenCells.size).toBe(first.total);
    expect(await arenaNext(ctx.db, runId, "voter-1")).toMatchObject({ pair: null, done: 12, total: 12 });
    expect((await arenaNext(ctx.db, runId, "voter-2")).done).toBe(0); // another voter starts afresh
  });

  it("lets a voter's first vote on a pair stand: a second, cast knowing the models, is refused", async () => {
    await expect(castVote(ctx.db, runId, { ticket: dealt, winner: "a" }, "voter-1")).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already voted on this pair/),
    });
    expect((await runRatings(ctx.db, runId)).votes).toBe(12);
  });

  it("refuses a ticket that was altered or dealt for another run, and a vote naming both a ticket and models", async () => {
    const { pair } = await arenaNext(ctx.db, runId, "voter-3");
    const ticket = pair!.ticket;
    const flipped = ticket.slice(0, -2) + (ticket.at(-2) === "A" ? "B" : "A") + ticket.at(-1);
    await expect(castVote(ctx.db, runId, { ticket: flipped, winner: "a" }, "voter-3")).rejects.toThrow(
      /not dealt by this server for this run/,
    );
    await expect(castVote(ctx.db, runId, { ticket: "short", winner: "a" }, "voter-3")).rejects.toThrow(
      /not dealt by this server/,
    );
    const other = (
      await createRun(ctx, {
        datasetId: (await getRun(ctx, runId)).run.settings.datasetId,
        models: MODELS.slice(0, 2),
        groups: ["B00SAMPLE03"],
        maxTokens: 4,
        threads: 1,
      })
    ).id;
    await waitForRun(other);
    await expect(castVote(ctx.db, other, { ticket, winner: "a" }, "voter-3")).rejects.toThrow(/for this run/);
    expect(VoteInput.safeParse({ ticket, questionId: 1, a: "x", b: "y", winner: "a" }).success).toBe(false);
    expect(VoteInput.safeParse({ questionId: 1, a: "x", winner: "a" }).success).toBe(false);
  }, 120_000);

  it("rates the models from the votes: the always-preferred one first, with counts", async () => {
    // A second voter, through the API's named form, prefers the first model every time and calls the rest even.
    for (const { id: questionId } of (await getRun(ctx, runId)).questions) {
      for (const [a, b] of [
        [MODELS[0], MODELS[1]],
        [MODELS[2], MODELS[0]],
        [MODELS[1], MODELS[2]],
      ]) {
        const winner = a === MODELS[0] ? "a" : b === MODELS[0] ? "b" : "tie";
        await castVote(ctx.db, runId, { questionId, a, b, winner }, "voter-named");
      }
    }
    const ratings = await runRatings(ctx.db, runId);
    expect(ratings.votes).toBe(24);
    expect(ratings.ratings[0].model).toBe(MODELS[0]);
    expect(ratings.ratings[0]).toMatchObject({ wins: 8, losses: 0, ties: 8 }); // 8 ties from voter-1's all-tie round
    const others = ratings.ratings.slice(1);
    expect(others.every((r) => r.losses === 4 && r.ties === 12)).toBe(true);
    for (const r of ratings.ratings) {
      expect(r.ci95[0]).toBeLessThanOrEqual(r.score);
      expect(r.ci95[1]).toBeGreaterThanOrEqual(r.score);
      expect(r.meanWords).toBeGreaterThan(0);
    }
  });
});

describe("a local judge", () => {
  it("grades every pair in both orders through the run queue, and every output parses, with each tiny model as judge", async () => {
    for (const judge of MODELS) {
      await enqueueJudge(ctx, runId, judge);
      await waitForJob(judgeJob, { runId, judge, mode: "pairwise" });
      expect((await judgeJobs(ctx.db, runId)).find((j) => j.judge === judge)).toMatchObject({
        state: "done",
        done: 12,
        total: 12,
        error: null,
      });
    }
    const { judges } = await judgeSummary(ctx.db, runId);
    expect(judges.map((j) => j.judge).sort()).toEqual([...MODELS].sort());
    for (const j of judges) {
      expect(j.units).toBe(12);
      expect(j.parseRate).toBe(1); // the grammar leaves the model no way to write anything else
      expect(j.pairwise!.flips).toBeGreaterThanOrEqual(0);
      expect(j.pairwise!.flips).toBeLessThanOrEqual(12);
      // voter-1 voted on all 12 pairs: every order-consistent verdict is compared with a vote.
      expect(j.votes.n).toBe(12 - j.pairwise!.flips);
      expect(j.msPerVerdict).toBeGreaterThan(0);
      expect(j.tokensPerVerdict).toBeGreaterThan(0);
    }
  }, 240_000);

  it("keeps a judge's state through a restart: one judging when the server stopped is interrupted, a queued one goes on", async () => {
    const datasetId = (await getRun(ctx, runId)).run.settings.datasetId;
    const id = (
      await createRun(ctx, {
        datasetId,
        models: MODELS,
        groups: ["B00SAMPLE04", "B00SAMPLE05", "B00SAMPLE06", "B00SAMPLE07"],
        maxTokens: 16,
        seed: 5,
        threads: 1,
      })
    ).id;
    await waitForRun(id);
    const [first, second] = [MODELS[0], MODELS[1]];
    await enqueueJudge(ctx, id, first);
    await enqueueJudge(ctx, id, second);
    const jobOf = async (judge: string) => (await judgeJobs(ctx.db, id)).find((j) => j.judge === judge)!;
    await expect.poll(async () => (await jobOf(first)).done, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    await stopAll(); // the server stops: the first judge mid-way, the second still waiting
    const stopped = await jobOf(first);
    expect(stopped).toMatchObject({ state: "running", total: 24 });
    expect(stopped.done).toBeLessThan(24);
    expect((await jobOf(second)).state).toBe("queued");

    await recoverRuns(ctx); // the next start
    expect(await jobOf(first)).toMatchObject({
      state: "interrupted",
      error: expect.stringMatching(/start the judge again/),
    });
    await waitForJob(judgeJob, { runId: id, judge: second, mode: "pairwise" });
    expect(await jobOf(second)).toMatchObject({ state: "done", done: 24, total: 24, error: null });

    // Started again, the first judge grades only what it had not: its earlier verdicts are kept.
    await enqueueJudge(ctx, id, first);
    await waitForJob(judgeJob, { runId: id, judge: first, mode: "pairwise" });
    expect(await jobOf(first)).toMatchObject({ state: "done", done: 24, total: 24, error: null });
    const { judges } = await judgeSummary(ctx.db, id);
    expect(judges.find((j) => j.judge === first)?.units).toBe(24);
  }, 240_000);

  it("refuses a judge that is not in the models folder", async () => {
    await expect(enqueueJudge(ctx, runId, "ghost.gguf")).rejects.toThrow(/not among the models found/);
  });
});

describe("runs that ended without scores", () => {
  const scoresOf = async (id: string) =>
    (await getRun(ctx, id)).generations.filter((g) => g.status === "ok").map((g) => g.quality);

  it("are scored at the next start: a run from before the scores existed gets the same scores a new one would", async () => {
    const before = await scoresOf(runId);
    await ctx.db.update(generations).set({ quality: null }).where(eq(generations.runId, runId));
    expect(await runsMissingScores(ctx.db)).toContain(runId);
    expect(await recoverRuns(ctx)).toMatchObject({ unscored: 1 }); // what the next start does
    await waitForJob(scoreJob, { runId });
    expect(await scoresOf(runId)).toEqual(before);
    expect(await runsMissingScores(ctx.db)).not.toContain(runId);
  });

  it("a cancelled run's finished answers are scored after the cancel, behind the queue", async () => {
    const datasetId = (await getRun(ctx, runId)).run.settings.datasetId;
    // 12 products x 2 questions x 3 models, 128 tokens each: far more than the moment it takes to see one answer.
    const groups = Array.from({ length: 12 }, (_, i) => `B00SAMPLE${String(i + 1).padStart(2, "0")}`);
    const id = (await createRun(ctx, { datasetId, models: MODELS, groups, maxTokens: 128, threads: 1 })).id;
    await expect.poll(async () => (await scoresOf(id)).length, { timeout: 120_000, interval: 50 }).toBeGreaterThan(0);
    await cancelRun(ctx, id);
    await waitForRun(id);
    expect((await getRun(ctx, id)).run.status).toBe("cancelled");
    await waitForJob(scoreJob, { runId: id });
    const scores = await scoresOf(id);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((q) => q && QUALITY_KEYS.every((k) => typeof q[k] === "number"))).toBe(true);
  }, 180_000);
});
