import "server-only";
import { AppError } from "../errors";
import { processWide } from "../process-wide";
import { requireModels } from "../models/require-models";
import { findEndpoint } from "../remote/endpoints";
import { parseRemoteRef, isRemoteRef } from "../remote/types";
import { runLine } from "../runs/queue";
import type { ServerContext } from "../server-context";
import { queueJudgeJob } from "../db/queries/judge-jobs";
import type { JudgeMode } from "./judging/prompts";
import { judgeJob } from "./judge-run";
import { requireFinishedRun } from "./votes";

const starting = processWide("judges-being-queued", () => new Set<string>());

/** A 400 when `model` cannot judge: not found among the local files, or its endpoint is not configured. */
export async function requireJudgeModel(ctx: ServerContext, model: string): Promise<void> {
  if (isRemoteRef(model)) {
    const ref = parseRemoteRef(model);
    if (!ref || !(await findEndpoint(ctx.db, ref.endpointId)))
      throw new AppError(
        "bad_request",
        `The judge "${model}" names an endpoint that is not configured. Add the endpoint on the Models page, then pick one of its models.`,
      );
    return;
  }
  await requireModels(ctx, [model], "be used as a judge");
}

/** Checks the run has finished and the judge can be asked, then queues the judge behind any runs. */
export async function enqueueJudge(
  ctx: ServerContext,
  runId: string,
  model: string,
  mode: JudgeMode = "pairwise",
): Promise<{ job: string; position: number }> {
  await requireFinishedRun(ctx.db, runId);
  await requireJudgeModel(ctx, model);
  const payload = { runId, judge: model, mode };
  const job = judgeJob.idOf(payload);
  // Asked again while it waits, runs or is being queued: the same job, its progress left as it is. The id is
  // taken before the await, so a second request cannot mark a judge that has started "queued, 0 of 0".
  const pending = runLine().position(judgeJob, payload);
  if (pending !== null || starting.has(job)) return { job, position: pending ?? 0 };
  starting.add(job);
  try {
    await queueJudgeJob(ctx.db, payload);
    return { job, position: runLine().enqueue(judgeJob, payload, ctx) };
  } finally {
    starting.delete(job);
  }
}
