import { handler } from "@/lib/http";
import { runDetail } from "@/lib/runs/detail";
import { runEvents } from "@/lib/runs/events";
import { queuePosition } from "@/lib/runs/queue";
import { getRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";
import { sseResponse } from "@/lib/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Live events of a run as Server-Sent Events; a reconnect with Last-Event-ID resumes after that event. */
export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const ctx = await serverCtx();
  await getRun(ctx, id); // 404 before opening a stream
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  return sseResponse(async function* (signal) {
    for await (const e of runEvents(id, lastEventId, () => runDetail(ctx.db, id, queuePosition(id)), signal)) {
      yield { id: e.id, event: e.event.type, data: e.event };
    }
  }, request.signal);
});
