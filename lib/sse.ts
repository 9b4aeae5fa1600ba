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

/** Events buffered for one client before the stream stops pulling from its generator. */
const HIGH_WATER = 64;

/**
 * Streams the events; stops the generator when the client goes away. A comment every 15 s keeps proxies open.
 * Pull-based: the next event is taken from the generator only when the client has read the previous ones, so
 * a slow reader holds at most HIGH_WATER events here; the generator's own bound (lib/live/hub.ts) ends a
 * reader that falls further behind, and its EventSource reconnects from where it was.
 */
export function sseResponse(
  events: (signal: AbortSignal) => AsyncIterable<SseEvent>,
  requestSignal: AbortSignal,
): Response {
  const controller = new AbortController();
  requestSignal.addEventListener("abort", () => controller.abort(), { once: true });
  const encoder = new TextEncoder();
  const iterator = events(controller.signal)[Symbol.asyncIterator]();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const end = (sink: ReadableStreamDefaultController<Uint8Array>) => {
    clearInterval(keepAlive);
    try {
      sink.close();
    } catch {
      // the client already went away
    }
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(sink) {
        keepAlive = setInterval(
          () => (sink.desiredSize ?? 0) > 0 && sink.enqueue(encoder.encode(": keep-alive\n\n")),
          15_000,
        );
      },
      async pull(sink) {
        try {
          const next = await iterator.next();
          if (next.done || controller.signal.aborted) return end(sink);
          sink.enqueue(encoder.encode(formatSse(next.value)));
        } catch (err) {
          sink.enqueue(encoder.encode(formatSse({ event: "error", data: { message: (err as Error).message } })));
          end(sink);
        }
      },
      async cancel() {
        clearInterval(keepAlive);
        controller.abort();
        await iterator.return?.();
      },
    },
    { highWaterMark: HIGH_WATER },
  );
  return new Response(stream, { headers: SSE_HEADERS });
}
