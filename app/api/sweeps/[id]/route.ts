import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";
import { getSweep } from "@/lib/sweeps/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** `{status, settings, models, points: [{model, depth, ppTokensPerSecond, tgTokensPerSecond, kvCacheBytes, peakRssBytes, …}], skipped, progress}`. */
export const GET = handler(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  return Response.json(await getSweep(await serverCtx(), id));
});
