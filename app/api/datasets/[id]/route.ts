import { describeDataset } from "@/lib/datasets/service";
import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return Response.json({ dataset: await describeDataset((await serverCtx()).db, id) });
});
