import { handler } from "@/lib/http";
import { getRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return Response.json(await getRun(await serverCtx(), id));
});
