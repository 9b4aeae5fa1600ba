import "server-only";
import { runsWithStatus } from "../db/queries/runs";
import type { JobHandler } from "../jobs/job-kind";
import { dropRunLog } from "./events";
import { executeRun } from "./executor";
import type { ServerContext } from "../server-context";
import { runJob, scoreJob, type RunJob } from "./job-types";
import { markInterrupted, markQueued } from "./state";

// What a run job does in the run line: execute the run, announce its place while it waits, and at start put
// back what the last server left.

/** Late viewers of a finished run replay it from the database: its live log is kept only this long. */
const KEEP_LOG_MS = 60_000;

export const runJobHandler: JobHandler<RunJob, ServerContext> = {
  async run({ runId }, ctx, signal, line) {
    try {
      const outcome = await executeRun(runId, { ...ctx, signal });
      // A completed run is scored before it says so; a cancelled or failed one ends at once, its answers scored next.
      if (outcome === "cancelled" || outcome === "failed") line.enqueue(scoreJob, { runId }, ctx);
    } finally {
      setTimeout(() => !line.has(runJob, { runId }) && dropRunLog(runId), KEEP_LOG_MS).unref?.();
    }
  },

  announce: ({ runId }, ctx, position) => markQueued(ctx.db, runId, position),

  /** A run that was running when the server stopped is interrupted (what it finished kept); queued runs go on. */
  async recover(ctx, line) {
    const running = await runsWithStatus(ctx.db, ["running"]);
    const interrupted = running.filter((run) => line.position(runJob, { runId: run.id }) !== 0);
    for (const run of interrupted) await markInterrupted(ctx.db, run);
    const queued = await runsWithStatus(ctx.db, ["queued"]);
    for (const run of queued) line.enqueue(runJob, { runId: run.id }, ctx);
    return { interrupted: interrupted.length, requeued: queued.length };
  },
};
