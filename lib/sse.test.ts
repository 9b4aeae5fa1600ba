import { describe, expect, it } from "vitest";
import { sseResponse } from "./sse";

describe("Server-Sent Events response", () => {
  it("takes events from its generator only as fast as the client reads them", async () => {
    let produced = 0;
    const request = new AbortController();
    const response = sseResponse(async function* () {
      for (;;) {
        produced++;
        yield { id: String(produced), data: { n: produced, text: "x".repeat(1000) } };
      }
    }, request.signal);
    // A client that reads nothing: the stream stops asking once its small buffer is full.
    await new Promise((r) => setTimeout(r, 200));
    expect(produced).toBeLessThanOrEqual(70);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"n":1');
    await reader.cancel();
    request.abort();
    const after = produced;
    await new Promise((r) => setTimeout(r, 100));
    expect(produced).toBe(after);
  });
});
