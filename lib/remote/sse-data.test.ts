import { describe, expect, it } from "vitest";
import { MalformedStreamError, sseData } from "./sse-data";

function bodyOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      chunks.forEach((x) => c.enqueue(enc.encode(x)));
      c.close();
    },
  });
}
async function all(body: ReadableStream<Uint8Array>, max?: number) {
  const out: string[] = [];
  for await (const d of sseData(body, max)) out.push(d);
  return out;
}

describe("SSE data payloads", () => {
  it("are split at blank lines even when an event arrives in pieces, comments and CRLF included", async () => {
    expect(await all(bodyOf(['data: {"a":', "1}\r\n\r\n: ping\n\ndata: [DONE]", "\n\n"]))).toEqual([
      '{"a":1}',
      "[DONE]",
    ]);
  });
  it("keep a last event that has no trailing blank line", async () => {
    expect(await all(bodyOf(["data: x\n\ndata: y"]))).toEqual(["x", "y"]);
  });
  it("refuse an event longer than the limit instead of buffering it", async () => {
    await expect(all(bodyOf(["data: " + "z".repeat(100)]), 50)).rejects.toThrow(MalformedStreamError);
  });
});
