import "server-only";
import type { Db } from "../db/client";
import { findRun, runsWithStatus } from "../db/queries/runs";
import { AppError } from "../errors";
import { log } from "../log";
import { SerialQueue, type Job } from "../jobs/serial-queue";
import { processWide } from "../server/process-wide";
import { isScoreJob, runOfScoreJob, runsMissingScores, scoreJobId } from "../quality/backfill";
import { isJudgeJob, recoverJudgeJobs, runJudgeJob } from "../quality/judge-run";
import { scoreRunSafely } from "../quality/score-run";
import { dropRunLog } from "./events";
import { executeRun, type ExecutorLimits } from "./executor";
import { markEnded, markInterrupted, markQueued } from "./state";

// Runs execute one at a time, in the order they were started, so models never compete for the cores.

export type RunCtx = { db: Db; dataDir: string; modelsDir: string; limits?: Partial<ExecutorLimits> };

/** Late viewers of a finished run replay it from the database: its live log is kept only this long. */
const KEEP_LOG_MS = 60_000;

async function work({ id, ctx }: Job<RunCtx>, signal: AbortSignal) {
  // A quality judge (lib/quality/judge-run.ts) waits in the same line: it loads a model too.
  if (isJudgeJob(id)) return runJudgeJob(id, ctx, signal);
  // Scores for answers a run ended without (lib/quality/backfill.ts): after any runs already waiting.
  if (isScoreJob(id)) return scoreRunSafely(ctx.db, runOfScoreJob(id), ctx.modelsDir, signal);
  try {
    const outcome = await executeRun(id, { ...ctx, signal });
    // A completed run is scored before it says so; a cancelled or failed one ends at once, its answers scored next.
    if (outcome === "cancelled" || outcome === "failed") enqueueScoring(ctx, id);
  } finally {
    setTimeout(() => !queue().has(id) && dropRunLog(id), KEEP_LOG_MS).unref?.();
  }
}

function announcePositions(waiting: readonly Job<RunCtx>[]) {
  waiting.forEach(({ id, ctx }, i) => void markQueued(ctx.db, id, i + 1).catch((err) => log.error(`run ${id}: could not announce its place`, err)));
}

const queue = () =>
  processWide("run-queue", () => new SerialQueue<RunCtx>(work, announcePositions, (job, err) => log.error(`queued job ${job.id} crashed`, err)));

/** 0 while running, 1 for the next to run, and so on; null when not queued. */
export const queuePosition = (runId: string) => queue().position(runId);

export function enqueueRun(ctx: RunCtx, runId: string): number {
  return queue().enqueue(runId, ctx);
}

/** Scores a run's unscored answers in the background: behind every run and judge, also ones queued later. */
function enqueueScoring(ctx: RunCtx, runId: string): void {
  queue().enqueue(scoreJobId(runId), ctx, { background: true });
}

/** Stops the running generation within a second (its partial answer is kept, marked cancelled). */
export async function cancelRun(ctx: RunCtx, runId: string): Promise<void> {
  const run = await findRun(ctx.db, runId);
  if (!run) throw new AppError("not_found", `There is no run ${runId}.`);
  const was = await queue().cancel(runId, "cancel");
  if (was === "running") return; // the executor wrote and announced "cancelled"
  if (run.status === "queued" || run.status === "running") await markEnded(ctx.db, run, "cancelled");
}

export const waitForRun = (runId: string) => queue().wait(runId);

/** Test and shutdown hook: stops the current run as a server stop would, leaving it "running" in the database. */
export const stopAll = () => queue().stopAll("shutdown");

/**
 * At start-up: a run or judge that was running when the server stopped is interrupted (what it finished kept);
 * queued runs and judges go on; ended runs with answers not yet scored (from before an upgrade, say) get their scores, after them.
 */
export async function recoverRuns(ctx: RunCtx): Promise<{ interrupted: number; requeued: number; unscored: number }> {
  // Runs and judges interrupted (counted together), runs and judges queued again, ended runs to score.
  const running = await runsWithStatus(ctx.db, ["running"]);
  const interrupted = running.filter((run) => queuePosition(run.id) !== 0);
  for (const run of interrupted) await markInterrupted(ctx.db, run);
  const queued = await runsWithStatus(ctx.db, ["queued"]);
  for (const run of queued) enqueueRun(ctx, run.id);
  const judges = await recoverJudgeJobs(ctx.db, (job) => queuePosition(job) !== null);
  for (const job of judges.requeue) enqueueRun(ctx, job);
  const unscored = await runsMissingScores(ctx.db);
  for (const id of unscored) enqueueScoring(ctx, id);
  return { interrupted: interrupted.length + judges.interrupted, requeued: queued.length + judges.requeue.length, unscored: unscored.length };
}
