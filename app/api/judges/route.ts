import { z } from "zod";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { enqueueJudge, requireJudgeModel } from "@/lib/quality/judge-start";
import { JUDGE_MODES } from "@/lib/quality/judging/prompts";
import { serverCtx } from "@/lib/server/context";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Body = z
  .object({
    runIds: z.array(z.string().min(1).max(100)).min(1, "pick at least one run").max(100, "at most 100 runs at once"),
    model: z.string().min(1).max(500),
    mode: z.enum(JUDGE_MODES).default("pairwise"),
  })
  .strict();

/**
 * Queues one judge on several finished runs: `{runIds, model, mode}`. Each run is queued on its own; a run that
 * cannot be judged (not finished, not found) gets its reason in the answer while the others are queued.
 */
export const POST = handler(async (request: Request) => {
  const { runIds, model, mode } = await parseJson(request, Body);
  const ctx = await serverCtx();
  // A judge that cannot be used fails every run alike: refused once, as a 400, before anything is queued.
  await requireJudgeModel(ctx, model);
  const results = [];
  for (const runId of [...new Set(runIds)]) {
    try {
      results.push({ runId, ...(await enqueueJudge(ctx, runId, model, mode)) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ runId, error: (err as Error).message });
    }
  }
  return Response.json({ results }, { status: 202 });
});
