import { progressFromRow, watchProgress } from "@/lib/datasets/progress";
import { requireDataset } from "@/lib/datasets/service";
import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";
import { sseResponse } from "@/lib/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Import progress as Server-Sent Events, until the import ends. */
export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const dataset = await requireDataset((await serverCtx()).db, id);
  return sseResponse(async function* (signal) {
    for await (const progress of watchProgress(progressFromRow(dataset), signal))
      yield { event: "progress", data: progress };
  }, request.signal);
});
