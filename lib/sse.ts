import "server-only";

// Server-Sent Events from an async generator: the route only adapts; the generator lives in lib/.

export type SseEvent = { id?: string; event?: string; data: unknown };

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

export function formatSse({ id, event, data }: SseEvent): string {
  let out = "";
  if (id !== undefined) out += `id: ${id}\n`;
  if (event) out += `event: ${event}\n`;
  return `${out}data: ${JSON.stringify(data)}\n\n`;
}

/** Streams the events; stops the generator when the client goes away. A comment every 15 s keeps proxies open. */
export function sseResponse(events: (signal: AbortSignal) => AsyncIterable<SseEvent>, requestSignal: AbortSignal): Response {
  const controller = new AbortController();
  requestSignal.addEventListener("abort", () => controller.abort(), { once: true });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(sink) {
      const keepAlive = setInterval(() => sink.enqueue(encoder.encode(": keep-alive\n\n")), 15_000);
      try {
        for await (const event of events(controller.signal)) {
          if (controller.signal.aborted) break;
          sink.enqueue(encoder.encode(formatSse(event)));
        }
      } catch (err) {
        sink.enqueue(encoder.encode(formatSse({ event: "error", data: { message: (err as Error).message } })));
      } finally {
        clearInterval(keepAlive);
        try {
          sink.close();
        } catch {
          // the client already went away
        }
      }
    },
    cancel() {
      controller.abort();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
