import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";
import { cancelSweep } from "@/lib/sweeps/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Stops a sweep: a waiting one leaves the line, a running one stops at once (its worker is killed); points kept. */
export const POST = handler(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  await cancelSweep(await serverCtx(), id);
  return Response.json({ ok: true });
});
