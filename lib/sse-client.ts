import { sseData } from "./remote/sse-data";

// Reads a Server-Sent Events response outside the browser (scripts, benchmarks): the data of each event,
// parsed, with the wall-clock time (epoch ms) it was read. The events are split by the same reader that reads
// remote inference servers' streams (lib/remote/sse-data.ts); Lineup's own events are bounded at 16 MB each.
export async function* readSse<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<{ data: T; arrivedAt: number }> {
  for await (const data of sseData(body, 16_000_000)) {
    yield { data: JSON.parse(data) as T, arrivedAt: performance.timeOrigin + performance.now() };
  }
}
