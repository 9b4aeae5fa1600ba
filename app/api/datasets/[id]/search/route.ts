import { K_MAX, searchDataset } from "@/lib/datasets/service";
import { parseIntParam } from "@/lib/query";
import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const q = new URL(request.url).searchParams;
  const k = parseIntParam(q.get("k"), "k", 1, K_MAX, 2);
  const result = await searchDataset(await serverCtx(), {
    id, query: q.get("q") ?? "", group: q.get("group") ?? "", k, embedder: q.get("embedder") ?? undefined,
  });
  return Response.json(result);
});
