import { describe, expect, it } from "vitest";
import { lingeringChunks } from "./lingering";

/** A body of `count` chunks (endless when Infinity), recording how far it was read and whether it was cancelled. */
function body(count: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        await new Promise((r) => setTimeout(r, 1));
        if (seen.pulled === count) return c.close();
        seen.pulled++;
        c.enqueue(new Uint8Array(1024));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

async function refuseAfterFirst(chunks: AsyncIterable<Uint8Array>) {
  for await (const _ of chunks) return;
}

describe("a request body refused part-way", () => {
  it("is read to its end in the background, not cancelled (the client gets our answer, not a reset)", async () => {
    const { stream, seen } = body(50);
    await refuseAfterFirst(lingeringChunks(stream));
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.pulled).toBe(50);
    expect(seen.cancelled).toBe(false);
  });

  it("is cancelled once the linger time is up, when the client keeps sending", async () => {
    const { stream, seen } = body(Infinity);
    await refuseAfterFirst(lingeringChunks(stream, { lingerMs: 200 }));
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.cancelled).toBe(true);
  });

  it("reads every chunk when nothing is refused", async () => {
    const { stream, seen } = body(20);
    let n = 0;
    for await (const chunk of lingeringChunks(stream)) n += chunk.length;
    expect(n).toBe(20 * 1024);
    expect(seen.cancelled).toBe(false);
  });
});
