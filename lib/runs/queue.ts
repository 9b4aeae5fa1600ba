import "server-only";
import { findRun } from "../db/queries/runs";
import { AppError } from "../errors";
import type { JobType, Recovered } from "../jobs/job-kind";
import { JobLine } from "../jobs/job-line";
import { processWide } from "../process-wide";
import type { ServerContext } from "../server-context";
import { runJob, scoreJob } from "./job-types";
import { markEnded } from "./state";

// The run line: runs, judges and scorings, one at a time, so models never compete for the cores. What each kind
// of job does is registered at boot (lib/server/job-kinds.ts); this module is the line and the runs' view of it.

export const runLine = () => processWide("run-line", () => new JobLine<ServerContext>());

/** 0 while running, 1 for the next to run, and so on; null when not queued. */
export const queuePosition = (runId: string) => runLine().position(runJob, { runId });

export const enqueueRun = (ctx: ServerContext, runId: string): number => runLine().enqueue(runJob, { runId }, ctx);

/** Stops the running generation within a second (its partial answer is kept, marked cancelled). */
export async function cancelRun(ctx: ServerContext, runId: string): Promise<void> {
  const run = await findRun(ctx.db, runId);
  if (!run) throw new AppError("not_found", `There is no run ${runId}.`);
  const was = await runLine().cancel(runJob, { runId }, "cancel");
  if (was === "running") return; // the executor wrote and announced "cancelled"
  if (run.status === "queued" || run.status === "running") await markEnded(ctx.db, run, "cancelled");
}

export const waitForRun = (runId: string) => runLine().wait(runJob, { runId });

/** Resolves once a job of any kind (a judge, a scoring) has left the line. */
export const waitForJob = <P>(type: JobType<P, ServerContext>, payload: P) => runLine().wait(type, payload);

/** Test and shutdown hook: stops the current job as a server stop would, leaving a run "running" in the database. */
export const stopAll = () => runLine().stopAll("shutdown");

/**
 * At start-up, each kind in turn: a run or judge that was running when the server stopped is interrupted (what
 * it finished kept); queued runs and judges go on; ended runs with answers not yet scored get their scores, after them.
 */
export async function recoverRuns(
  ctx: ServerContext,
): Promise<{ interrupted: number; requeued: number; unscored: number }> {
  const byKind = await runLine().recover(ctx);
  const total = (count: keyof Recovered) => [...byKind.values()].reduce((sum, found) => sum + found[count], 0);
  const unscored = byKind.get(scoreJob.name)?.requeued ?? 0;
  return { interrupted: total("interrupted"), requeued: total("requeued") - unscored, unscored };
}
