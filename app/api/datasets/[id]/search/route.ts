import { K_MAX, searchDataset } from "@/lib/datasets/service";
import { parseIntParam } from "@/lib/query";
import { handler } from "@/lib/http";
import { AppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const q = new URL(request.url).searchParams;
  const k = parseIntParam(q.get("k"), "k", 1, K_MAX, 2);
  const mode = q.get("mode") ?? "vector";
  if (mode !== "vector" && mode !== "hybrid")
    throw new AppError("bad_request", `mode must be "vector" or "hybrid"; got "${mode.slice(0, 40)}".`);
  const mmr = q.get("mmr") ?? "0";
  if (mmr !== "0" && mmr !== "1")
    throw new AppError("bad_request", `mmr must be 1 (diverse top k) or 0; got "${mmr.slice(0, 40)}".`);
  const result = await searchDataset(await serverCtx(), {
    id,
    query: q.get("q") ?? "",
    group: q.get("group") ?? "",
    k,
    embedder: q.get("embedder") ?? undefined,
    retrieval: { mode, mmr: mmr === "1" },
  });
  return Response.json(result);
});
