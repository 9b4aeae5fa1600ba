import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Endpoint } from "./endpoints";
import { remoteGenerate } from "./generate";
import { remoteMetrics } from "./remote-metrics";
import { startFakeOpenAi, type FakeServer } from "./testing/fake-openai";

// remoteGenerate against a real HTTP server on loopback (lib/remote/testing/fake-openai.ts) that misbehaves on
// demand: every failure must come back as a RemoteError saying what happened, and cancel must end it at once.

const KEY = "sk-test-secret-123";
let fake: FakeServer;
const endpoint = (baseUrl: string, apiKey: string | null = KEY): Endpoint => ({
  id: "ep_t",
  baseUrl,
  apiKey,
  api: "completions",
  concurrent: false,
  source: "db",
  createdAt: null,
});
const REQ = { prompt: "Question: what do they say?\nAnswer:", maxTokens: 5, temperature: 0.7, seed: 11 };
const gen = (model: string, opts: { signal?: AbortSignal; stallMs?: number; base?: string } = {}) =>
  remoteGenerate(endpoint(opts.base ?? fake.url), model, REQ, {
    signal: opts.signal ?? new AbortController().signal,
    stallMs: opts.stallMs ?? 5000,
  });

beforeAll(async () => {
  fake = await startFakeOpenAi(3457, KEY);
});
afterAll(async () => fake.close());

describe("a remote generation", () => {
  it("streams the answer with a time per chunk, the usage counts, and sends the run's sampling and the API key", async () => {
    const r = await gen("ok");
    expect(r.text).toBe("The reviews say it works.");
    expect(r.tokenTimes).toHaveLength(5);
    expect(r.tokenTimes.every((t, i) => i === 0 || t >= r.tokenTimes[i - 1])).toBe(true);
    expect(r.completionTokens).toBe(5);
    expect(r.promptTokens).toBe(42);
    expect(r.stopReason).toBe("maxTokens");
    const sent = fake.requests.at(-1)!;
    expect(sent.auth).toBe(`Bearer ${KEY}`);
    expect(sent.body).toMatchObject({
      model: "ok",
      prompt: REQ.prompt,
      max_tokens: 5,
      temperature: 0.7,
      seed: 11,
      stream: true,
      top_k: 40,
      top_p: 0.95,
      min_p: 0,
    });
    const m = remoteMetrics(r, { embedMs: 1, retrievalMs: 2 });
    expect(m.outputTokens).toBe(5);
    expect(m.ttftMs).toBe(r.tokenTimes[0]);
    expect(m.peakRssBytes).toBeNull(); // memory is not measurable remotely
  });

  it("fails with the HTTP status and the server's message on HTTP 500", async () => {
    await expect(gen("http500")).rejects.toThrow(/answered HTTP 500: .*model crashed/);
  });
  it("fails as a malformed stream when a chunk is not JSON", async () => {
    await expect(gen("malformed")).rejects.toThrow(/malformed stream: a chunk was not JSON/);
  });
  it("fails when the stream ends before the answer is finished", async () => {
    await expect(gen("truncated")).rejects.toThrow(/ended the stream before the answer was finished/);
  });
  it("fails with 'refused' when nothing listens on the port", async () => {
    await expect(gen("ok", { base: "http://127.0.0.1:3459" })).rejects.toThrow(/refused the connection/);
  });
  it("fails with 401 named when the API key is wrong", async () => {
    await expect(
      remoteGenerate(endpoint(fake.url, "wrong"), "ok", REQ, { signal: new AbortController().signal, stallMs: 5000 }),
    ).rejects.toThrow(/answered HTTP 401/);
  });
  it("gives up on a server that goes quiet for longer than the stall limit", async () => {
    const t0 = performance.now();
    await expect(gen("slow", { stallMs: 100 })).rejects.toThrow(/sent nothing for 0.1 s/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  it("stops within a second of a cancel, keeping what had streamed", async () => {
    const ac = new AbortController();
    const pending = gen("slow", { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 700));
    const t0 = performance.now();
    ac.abort();
    const r = await pending;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.stopReason).toBe("abort");
    expect(r.text).toMatch(/^( word)+$/);
  });
});
