import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";
import { createSweep, sweepList, sweepRequestSchema } from "@/lib/sweeps/service";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Queues a sweep: `{models, depths?, pp?, tg?, threads?, kvCacheType?, flashAttention?, repetitions?, gpu?}`
 * (llama-bench's -p/-n/-d; threads, KV cache type and flash attention take one value or a list). Answers
 * `{id, position}` with 202.
 */
export const POST = handler(async (request: Request) => {
  const body = await parseJson(request, sweepRequestSchema);
  return Response.json(await createSweep(await serverCtx(), body), { status: 202 });
});

/** The latest sweeps, without their points. */
export const GET = handler(async () => Response.json(await sweepList(await serverCtx())));
