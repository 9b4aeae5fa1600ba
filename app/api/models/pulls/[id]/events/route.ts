import { handler } from "@/lib/http";
import { getPull, watchPull } from "@/lib/models/pull/pulls";
import { sseResponse } from "@/lib/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A pull's progress as Server-Sent Events: its state now, then every change until it ends. */
export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  getPull(id); // 404 before opening a stream
  const lastEventId = request.headers.get("last-event-id");
  return sseResponse(async function* (signal) {
    for await (const e of watchPull(id, lastEventId, signal)) yield { id: e.id, event: "pull", data: e.event };
  }, request.signal);
});
