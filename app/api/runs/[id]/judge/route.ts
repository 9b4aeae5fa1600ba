import { z } from "zod";
import { handler } from "@/lib/http";
import { enqueueJudge } from "@/lib/quality/judge-start";
import { judgeSummary } from "@/lib/quality/judge-summary";
import { serverCtx } from "@/lib/server/context";
import { parseJson } from "@/lib/validation";
import { JUDGE_MODES } from "@/lib/quality/judging/prompts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/**
 * Queues a judge over the finished run: `{model, mode?}` where model is a local file or an endpoint's model
 * (`remote:<endpoint>/<model>`; its key stays on the server) and mode is "pairwise" (default), "rubric" or
 * "claims". Answers with its queue position.
 */
export const POST = handler(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const { model, mode } = await parseJson(
    request,
    z.object({ model: z.string().min(1).max(500), mode: z.enum(JUDGE_MODES).default("pairwise") }).strict(),
  );
  return Response.json(await enqueueJudge(await serverCtx(), id, model, mode), { status: 202 });
});

/** Judge jobs of the run with their progress, and per judge and mode: parse rate, flips, length bias, self-consistency, agreement, per-model means, trust. */
export const GET = handler(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  return Response.json(await judgeSummary((await serverCtx()).db, id));
});
