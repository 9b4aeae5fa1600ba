import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { insertRun } from "../db/queries/runs";
import { generations, judgeJobs, runQuestions, runs } from "../db/schema";
import { openTestDatabase } from "../db/testing/drivers";
import { defineJobType } from "../jobs/job-kind";
import { judgeJob } from "../quality/judge-run";
import { scoreJob } from "../runs/job-types";
import type { ServerContext } from "../server-context";
import { enqueueRun, queuePosition, recoverRuns, runLine, stopAll } from "../runs/queue";
import { storedSettings } from "../runs/testing/settings";
import { registerJobKinds } from "./job-kinds";

// The kinds boot registers, on the real line and a real database, at a start after a stop: what each kind
// recovers, and where its jobs stand. A job of the test's own holds the line, so nothing recovered starts.

const hold = defineJobType<object, ServerContext>({ name: "hold", priority: "foreground", idOf: () => "hold" });

let database: Database;
let ctx: ServerContext;

beforeAll(async () => {
  database = await openTestDatabase("pglite");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-kinds-"));
  ctx = { db: database.db, dataDir: dir, modelsDir: dir };
  registerJobKinds();
  runLine().register(hold, {
    run: (_, __, signal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve())),
  });
});
afterAll(async () => {
  await stopAll();
  await database.close();
  fs.rmSync(ctx.dataDir, { recursive: true, force: true });
});

async function storeRun(id: string, status: (typeof runs.$inferSelect)["status"]) {
  await insertRun(ctx.db, { id, status, settings: storedSettings() });
}

describe("the job kinds registered at boot", () => {
  it("recover runs, then judges, then scorings; runs and judges in the order queued, scorings behind every later run too", async () => {
    await storeRun("run_cut", "running");
    await storeRun("run_q1", "queued");
    await storeRun("run_q2", "queued");
    await storeRun("run_done", "completed");
    const [question] = await ctx.db
      .insert(runQuestions)
      .values({
        runId: "run_done",
        groupKey: "A",
        questionIndex: 0,
        question: "q",
        prompt: "p",
        documentIds: [],
        scores: [],
        embedMs: 1,
        retrievalMs: 1,
      })
      .returning();
    await ctx.db.insert(generations).values({
      runId: "run_done",
      questionId: question.id,
      model: "a.gguf",
      repetition: 0,
      status: "ok",
      answer: "an answer",
    });
    await ctx.db.insert(judgeJobs).values([
      { runId: "run_done", judge: "cut.gguf", state: "running", done: 1, total: 4 },
      { runId: "run_done", judge: "waiting.gguf", state: "queued" },
    ]);
    runLine().enqueue(hold, {}, ctx);

    expect(await recoverRuns(ctx)).toEqual({ interrupted: 2, requeued: 3, unscored: 1 });
    expect((await ctx.db.select().from(runs).where(eq(runs.id, "run_cut")))[0].status).toBe("interrupted");
    expect((await ctx.db.select().from(judgeJobs).where(eq(judgeJobs.judge, "cut.gguf")))[0].state).toBe("interrupted");
    const line = runLine();
    const places = () => [
      queuePosition("run_q1"),
      queuePosition("run_q2"),
      line.position(judgeJob, { runId: "run_done", judge: "waiting.gguf", mode: "pairwise" }),
      line.position(scoreJob, { runId: "run_done" }),
    ];
    expect(places()).toEqual([1, 2, 3, 4]);

    // A run started now goes ahead of the scoring (background), not of the judge.
    await storeRun("run_new", "queued");
    expect(enqueueRun(ctx, "run_new")).toBe(4);
    expect(places()).toEqual([1, 2, 3, 5]);
    await stopAll();
    expect(places()).toEqual([null, null, null, null]);
  });
});
