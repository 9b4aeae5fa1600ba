import { z } from "zod";
import { handler } from "@/lib/http";
import { enqueueJudge } from "@/lib/quality/judge-start";
import { judgeSummary } from "@/lib/quality/judge-summary";
import { serverCtx } from "@/lib/server/context";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Queues a local judge over the finished run's pairs: `{model}` (a model file); answers with its queue position. */
export const POST = handler(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const { model } = await parseJson(request, z.object({ model: z.string().min(1).max(500) }).strict());
  return Response.json(await enqueueJudge(await serverCtx(), id, model), { status: 202 });
});

/** Judge jobs of the run with their progress, and per judge: parse rate, order-inconsistent verdicts, agreement with votes. */
export const GET = handler(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  return Response.json(await judgeSummary((await serverCtx()).db, id));
});
