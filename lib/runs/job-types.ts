import type { Db } from "../db/client";
import { defineJobType } from "../jobs/job-kind";
import type { ExecutorLimits } from "./executor";

// The jobs the run line holds that lib/runs asks for. A run is done here (./run-job.ts); scoring a run's answers
// is done by lib/quality, which registers that handler at boot, so this layer never imports the one above it.

/** What every job in the run line gets: the database, the folders, and test overrides of the executor's limits. */
export type RunCtx = { db: Db; dataDir: string; modelsDir: string; limits?: Partial<ExecutorLimits> };

export type RunJob = { runId: string };

/** A run, in the order runs were started (a judge waits in the same line: it loads a model too). */
export const runJob = defineJobType<RunJob, RunCtx>({ name: "run", priority: "foreground", idOf: ({ runId }) => runId });

/** Quality scores for the answers a run ended without: behind every run and judge, also ones queued later. */
export const scoreJob = defineJobType<RunJob, RunCtx>({ name: "score", priority: "background", idOf: ({ runId }) => runId });
