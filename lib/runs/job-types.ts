import { defineJobType } from "../jobs/job-kind";
import type { ServerContext } from "../server-context";

// The jobs the run line holds that lib/runs asks for. A run is done here (./run-job.ts); scoring a run's answers
// is done by lib/quality, which registers that handler at boot, so this layer never imports the one above it.
// Every job in the run line gets the server context it was queued with (lib/server-context.ts).

export type RunJob = { runId: string };

/** A run, in the order runs were started (a judge waits in the same line: it loads a model too). */
export const runJob = defineJobType<RunJob, ServerContext>({
  name: "run",
  priority: "foreground",
  idOf: ({ runId }) => runId,
});

/** Quality scores for the answers a run ended without: behind every run and judge, also ones queued later. */
export const scoreJob = defineJobType<RunJob, ServerContext>({
  name: "score",
  priority: "background",
  idOf: ({ runId }) => runId,
});
