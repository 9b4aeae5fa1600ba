import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { interruptJudgeJob, judgeJobsOf, judgeJobsWithState, updateJudgeJob } from "../db/queries/judge-jobs";
import { judgeVerdicts, type JudgeJobRow } from "../db/schema";
import { defineJobType, type JobHandler } from "../jobs/job-kind";
import { localEntry } from "../backends/local-entry";
import { log } from "../log";
import { findModel, listModels } from "../models/inventory";
import { ModelWorker } from "../models/worker/model-worker";
import type { ServerContext } from "../server-context";
import { modelPairs } from "./arena-pairs";
import { JUDGE_MAX_TOKENS, JUDGE_SCHEMA, judgePrompt, parseVerdict } from "./judge";
import { finishedRun, shownAnswer, slotsOf } from "./votes";
import { gpuOf, promptFormatOf } from "../runs/run-options";

// A judge job: one local model grades every (question, model pair) of a finished run in both orders, in its
// own worker process, on the run queue (so it never competes with a run for the cores). Verdicts go to
// judge_verdicts, apart from human votes; pairs already judged by this model are skipped, so a job can be
// started again after a restart and does only what is missing. The job's state and progress are stored
// (judge_jobs), so they outlive a restart: see recoverJudgeJobs.

export type JudgeJobState = Pick<JudgeJobRow, "runId" | "judge" | "state" | "done" | "total" | "error">;

export type JudgeJob = { runId: string; judge: string };

/** A judge over a run's pairs, in the run line in the order asked for, like a run. */
export const judgeJob = defineJobType<JudgeJob, ServerContext>({
  name: "judge",
  priority: "foreground",
  idOf: ({ runId, judge }) => `${runId}:${judge}`,
});

export async function judgeJobs(db: Db, runId: string): Promise<JudgeJobState[]> {
  return (await judgeJobsOf(db, runId)).map(({ runId, judge, state, done, total, error }) => ({
    runId,
    judge,
    state,
    done,
    total,
    error,
  }));
}

const INTERRUPTED =
  "The server stopped while this judge worked. The verdicts so far are kept: start the judge again to grade the rest.";

/**
 * At start-up: judges still queued are returned to be queued again; one that was judging when the server stopped
 * (marked "running" but not in this server's queue) is marked interrupted, as a run is, for the user to start again.
 */
export async function recoverJudgeJobs(
  db: Db,
  inQueue: (job: JudgeJob) => boolean,
): Promise<{ requeue: JudgeJob[]; interrupted: number }> {
  let interrupted = 0;
  for (const seen of await judgeJobsWithState(db, ["running"])) {
    if (!inQueue(seen) && (await interruptJudgeJob(db, seen, INTERRUPTED))) interrupted++;
  }
  const queued = await judgeJobsWithState(db, ["queued"]);
  return { requeue: queued.map(({ runId, judge }) => ({ runId, judge })), interrupted };
}

/** The judge kind of the run line, registered at boot (lib/server/job-kinds.ts). */
export const judgeJobHandler: JobHandler<JudgeJob, ServerContext> = {
  run: (job, ctx, signal) => runJudgeJob(job, ctx, signal),
  async recover(ctx, line) {
    const { requeue, interrupted } = await recoverJudgeJobs(ctx.db, (job) => line.has(judgeJob, job));
    for (const job of requeue) line.enqueue(judgeJob, job, ctx);
    return { interrupted, requeued: requeue.length };
  },
};

type Verdict = "a" | "b" | "tie";
/** The judge's "first/second" as a winner between model a and model b, given which was shown first. */
const asWinner = (v: ReturnType<typeof parseVerdict>, aFirst: boolean): Verdict | null =>
  v === null ? null : v === "tie" ? "tie" : (v === "first") === aFirst ? "a" : "b";

export async function runJudgeJob({ runId, judge }: JudgeJob, ctx: ServerContext, signal: AbortSignal): Promise<void> {
  const update = (patch: Parameters<typeof updateJudgeJob>[3]) =>
    updateJudgeJob(ctx.db, runId, judge, patch).catch((err) =>
      log.error(`judge ${judge} on run ${runId}: could not store its progress`, err),
    );
  let worker: ModelWorker | null = null;
  try {
    await update({ state: "running", error: null });
    const detail = await finishedRun(ctx.db, runId);
    const done = new Set(
      (
        await ctx.db
          .select()
          .from(judgeVerdicts)
          .where(and(eq(judgeVerdicts.runId, runId), eq(judgeVerdicts.judge, judge)))
      ).map((v) => `${v.questionId}|${v.modelA}|${v.modelB}`),
    );
    const todo = slotsOf(detail).flatMap(({ questionId, models }) =>
      modelPairs(models).map(([a, b]) => ({ questionId, a, b })),
    );
    let judged = todo.filter((p) => done.has(`${p.questionId}|${p.a}|${p.b}`)).length;
    await update({ total: todo.length, done: judged });
    // Looked up again now: the file may have gone from its store since the judge was queued.
    const judgeEntry = localEntry({ model: judge, entry: findModel(await listModels(ctx.db, ctx), judge) });
    worker = await ModelWorker.start({ signal });
    const settings = detail.run.settings;
    await worker.load(
      judgeEntry.path,
      { contextSize: Math.max(settings.contextSize, 2048), threads: settings.threads, gpu: gpuOf(settings) },
      signal,
    );
    for (const pair of todo) {
      if (signal.aborted) break;
      if (done.has(`${pair.questionId}|${pair.a}|${pair.b}`)) continue;
      const q = detail.questions.find((x) => x.id === pair.questionId)!;
      const docs = q.documents.map((d) => d.text);
      const answerA = shownAnswer(detail, q.id, pair.a)!.answer;
      const answerB = shownAnswer(detail, q.id, pair.b)!.answer;
      const raw: string[] = [];
      const verdicts: (Verdict | null)[] = [];
      for (const aFirst of [true, false]) {
        const prompt = aFirst
          ? judgePrompt(docs, q.question, answerA, answerB)
          : judgePrompt(docs, q.question, answerB, answerA);
        const result = await worker.generate(
          {
            prompt,
            // The judge is prompted as the run's models were: in its own chat template, or raw.
            format: promptFormatOf(settings),
            maxTokens: JUDGE_MAX_TOKENS,
            temperature: 0,
            seed: settings.seed,
            jsonSchema: JUDGE_SCHEMA as unknown as Record<string, unknown>,
          },
          { signal },
        );
        raw.push(result.text);
        verdicts.push(asWinner(parseVerdict(result.text), aFirst));
      }
      await ctx.db
        .insert(judgeVerdicts)
        .values({
          runId,
          judge,
          questionId: q.id,
          modelA: pair.a,
          modelB: pair.b,
          firstOrder: verdicts[0],
          secondOrder: verdicts[1],
          raw,
        })
        .onConflictDoNothing();
      await update({ done: ++judged });
    }
    // A shutdown mid-way leaves it "running": the next start marks it interrupted, as it does a run.
    if (judged === todo.length) await update({ state: "done" });
    else if (signal.reason !== "shutdown") await update({ state: signal.aborted ? "cancelled" : "done" });
  } catch (err) {
    if (signal.reason !== "shutdown")
      await update({ state: "failed", error: `The judge stopped: ${(err as Error).message}` });
  } finally {
    if (worker?.alive) await worker.stop();
  }
}
