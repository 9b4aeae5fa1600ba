import "server-only";
import { AppError } from "../errors";
import { listModels } from "../models/inventory";
import { enqueueRun, queuePosition, type RunCtx } from "../runs/queue";
import { judgeJobId, markJudgeQueued } from "./judge-run";
import { finishedRun } from "./votes";

/** Checks the run has finished and the judge model is usable, then queues the judge behind any runs. */
export async function enqueueJudge(ctx: RunCtx & { modelWaitMs?: number }, runId: string, model: string): Promise<{ job: string; position: number }> {
  await finishedRun(ctx.db, runId);
  const inventory = await listModels(ctx.db, ctx.modelsDir, ctx.modelWaitMs === undefined ? {} : { waitMs: ctx.modelWaitMs });
  const entry = inventory.find((m) => m.file === model);
  if (!entry) throw new AppError("bad_request", `The model "${model}" is not in the models folder. The Models page lists the ones there are.`);
  if (!entry.valid) throw new AppError("bad_request", `The model "${model}" cannot be used as a judge: ${entry.reason}`);
  const job = judgeJobId(runId, model);
  // Asked again while it waits or runs: the same job, its progress left as it is (the queue takes a job once).
  const pending = queuePosition(job);
  if (pending !== null) return { job, position: pending };
  await markJudgeQueued(ctx.db, runId, model);
  return { job, position: enqueueRun(ctx, job) };
}
