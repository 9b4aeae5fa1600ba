import "server-only";
import type { Db } from "../db/client";
import {
  interruptJudgeJob,
  judgeJobsOf,
  judgeJobsWithState,
  updateJudgeJob,
  type JudgeJobKey,
} from "../db/queries/judge-jobs";
import type { JudgeJobRow } from "../db/schema";
import { defineJobType, type JobHandler } from "../jobs/job-kind";
import { log } from "../log";
import type { ServerContext } from "../server-context";
import { openJudge, type OpenJudge } from "./judging/judge-model";
import { askShape, judgeTasks, type Failed, type JudgeTask } from "./judging/tasks";
import { finishedRun } from "./votes";

// A judge job: one model (a local file or an endpoint's model) judges a finished run in one mode: "pairwise"
// (every question's model pairs, in both orders), "rubric" or "claims" (every answer graded). It runs on the run
// queue (so a local judge never competes with a run for the cores), a local judge in its own worker process.
// Results go to judge_verdicts / judge_grades, apart from human votes; units already stored are skipped, so a
// job can be started again after a restart and does only what is missing. The job's state and progress are
// stored (judge_jobs), so they outlive a restart: see recoverJudgeJobs.

export type JudgeJobState = Pick<JudgeJobRow, "runId" | "judge" | "mode" | "state" | "done" | "total" | "error">;

export type JudgeJob = JudgeJobKey;

/** A judge over a run, in the run line in the order asked for, like a run. */
export const judgeJob = defineJobType<JudgeJob, ServerContext>({
  name: "judge",
  priority: "foreground",
  idOf: ({ runId, judge, mode }) => `${runId}:${mode}:${judge}`,
});

export async function judgeJobs(db: Db, runId: string): Promise<JudgeJobState[]> {
  return (await judgeJobsOf(db, runId)).map(({ runId, judge, mode, state, done, total, error }) => ({
    runId,
    judge,
    mode,
    state,
    done,
    total,
    error,
  }));
}

const INTERRUPTED =
  "The server stopped while this judge worked. The results so far are kept: start the judge again to do the rest.";

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
  return { requeue: queued.map(({ runId, judge, mode }) => ({ runId, judge, mode })), interrupted };
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

/** A judge that fails this many asks in a row is stopped: its endpoint is gone, or it cannot do the task. */
export const MAX_FAILS_IN_A_ROW = 3;

/** Runs `tasks` with at most `parallel` in flight; stops taking new ones once the signal aborts. */
async function inPool(
  tasks: JudgeTask[],
  parallel: number,
  each: (t: JudgeTask) => Promise<void>,
  signal: AbortSignal,
) {
  let next = 0;
  const lane = async () => {
    while (!signal.aborted && next < tasks.length) await each(tasks[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, tasks.length)) }, lane));
}

export async function runJudgeJob(key: JudgeJob, ctx: ServerContext, signal: AbortSignal): Promise<void> {
  const what = `judge ${key.judge} (${key.mode}) on run ${key.runId}`;
  const update = (patch: Parameters<typeof updateJudgeJob>[2]) =>
    updateJudgeJob(ctx.db, key, patch).catch((err) => log.error(`${what}: could not store its progress`, err));
  let judge: OpenJudge | null = null;
  // The job's own stop: the line's signal, or too many failed asks in a row.
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  let fatal: Error | null = null;
  try {
    await update({ state: "running", error: null });
    const detail = await finishedRun(ctx.db, key.runId);
    let failsInARow = 0;
    const shape = askShape(key.mode, detail.run.settings.seed);
    const ask = async (j: OpenJudge, prompt: string, s: AbortSignal) => {
      try {
        const reply = await j.ask({ ...shape, prompt }, s);
        failsInARow = 0;
        return reply;
      } catch (err) {
        const failed: Failed = { failed: (err as Error).message };
        if (++failsInARow >= MAX_FAILS_IN_A_ROW && !s.aborted) {
          fatal = new Error(`${MAX_FAILS_IN_A_ROW} asks in a row failed; the last: ${failed.failed}`);
          stop.abort("failed");
        }
        return failed;
      }
    };
    const { all, todo } = await judgeTasks(ctx.db, key, detail, ask);
    let done = all.length - todo.length;
    await update({ total: all.length, done });
    judge = await openJudge(ctx, key.judge, detail.run.settings, stop.signal);
    const opened = judge;
    await inPool(
      todo,
      judge.parallel,
      async (task) => {
        await task.run(opened, stop.signal);
        if (!stop.signal.aborted) await update({ done: ++done });
      },
      stop.signal,
    );
    if (fatal) throw fatal;
    // A shutdown mid-way leaves it "running": the next start marks it interrupted, as it does a run.
    if (done === all.length) await update({ state: "done" });
    else if (signal.reason !== "shutdown") await update({ state: signal.aborted ? "cancelled" : "done" });
  } catch (err) {
    if (signal.reason !== "shutdown")
      await update({ state: "failed", error: `The judge stopped: ${(err as Error).message}` });
  } finally {
    signal.removeEventListener("abort", onAbort);
    await judge?.close();
  }
}
