import "server-only";
import type { JobLine } from "../jobs/job-line";
import { scoreJobHandler } from "../quality/backfill";
import { judgeJob, judgeJobHandler } from "../quality/judge-run";
import { runJob, scoreJob } from "../runs/job-types";
import { runJobHandler } from "../runs/run-job";
import { runLine } from "../runs/queue";
import { sweepJob, sweepJobHandler } from "../sweeps/sweep-job";
import type { ServerContext } from "../server-context";

// The kinds of job in the run line, each with the module that does it. Registered here, at boot, so the line
// (lib/jobs) and the runs (lib/runs) never import lib/quality. The order is the order of recovery at start:
// queued runs go back in line before queued judges, and scorings (background) after both whatever the order.

export function registerJobKinds(line: JobLine<ServerContext> = runLine()): void {
  line.register(runJob, runJobHandler);
  line.register(judgeJob, judgeJobHandler);
  line.register(sweepJob, sweepJobHandler);
  line.register(scoreJob, scoreJobHandler);
}
