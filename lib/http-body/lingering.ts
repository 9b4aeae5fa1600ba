import "server-only";

// A request body read as chunks, for a route that may refuse it part-way (too large, not UTF-8, a full disk).
// Stopping early must not cancel the body: cancelling destroys the socket while the client is still sending,
// and the client then sees a connection reset instead of our 4xx with its message (as nginx's lingering close
// avoids). So the rest is read and dropped in the background, for at most LINGER_MS; then the body is cancelled.
// A client quiet for IDLE_MS is left to the server's request timeout.

export const LINGER_MS = 30_000;
export const IDLE_MS = 5_000;

export function lingeringChunks(
  body: ReadableStream<Uint8Array>,
  { lingerMs = LINGER_MS, idleMs = IDLE_MS } = {},
): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const reader = body.getReader();
      let done = false;
      try {
        for (;;) {
          const next = await reader.read();
          if (next.done) {
            done = true;
            return;
          }
          yield next.value;
        }
      } catch (err) {
        done = true; // the client went away: there is nothing left to read
        throw err;
      } finally {
        if (!done) void dropRest(reader, lingerMs, idleMs);
      }
    },
  };
}

async function dropRest(reader: ReadableStreamDefaultReader<Uint8Array>, lingerMs: number, idleMs: number) {
  const until = Date.now() + lingerMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    while (Date.now() < until) {
      const read = reader.read();
      read.catch(() => {});
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), idleMs)));
      const next = await Promise.race([read, late]);
      clearTimeout(timer);
      if (next === "late") {
        // A read is in flight: cancelling now throws inside undici (nodejs/undici#5715). The client has gone
        // quiet; the server's own request timeout closes its socket, and the read ends with it.
        return;
      }
      if (next.done) return;
    }
    // Between reads, so nothing is in flight: cancelling is safe, and closes the connection.
    await reader.cancel().catch(() => {});
  } catch {
    // the client went away
  } finally {
    clearTimeout(timer);
  }
}
