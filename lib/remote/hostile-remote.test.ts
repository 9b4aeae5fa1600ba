import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth, type Endpoint } from "./endpoints";
import { remoteGenerate } from "./generate";
import { remoteMetrics } from "./remote-metrics";
import { redactSecrets, StreamingKeyRedactor } from "./remote-text";
import { kvCacheUsage, serverProps } from "./server-info";
import { startHostileOpenAi, type HostileServer } from "./testing/hostile-openai";

// Issue 19, the remote half: every answer of a misbehaving server (tests/hostile-openai.ts, a real HTTP server
// on loopback) is bounded in time, memory and content, and the API key never comes back in an error.
// Figures measured here are printed ("[hostile] ...") for the closing note.

const KEY = "sk-hostile-0123456789abcdefXYZ";
let streams: HostileServer, trickling: HostileServer, many: HostileServer, badProps: HostileServer;
const endpoint = (baseUrl: string): Endpoint => ({
  id: "ep_h",
  baseUrl,
  apiKey: KEY,
  api: "completions",
  concurrent: false,
  source: "db",
  createdAt: null,
});
const gen = (model: string, opts: { signal?: AbortSignal; stallMs?: number; maxTokens?: number } = {}) =>
  remoteGenerate(
    endpoint(streams.url),
    model,
    { prompt: "Q: what do they say?\nA:", maxTokens: opts.maxTokens ?? 16, temperature: 0.7, seed: 1 },
    { signal: opts.signal ?? new AbortController().signal, stallMs: opts.stallMs ?? 5000 },
  );
const since = (t0: number) => Math.round(performance.now() - t0);
const report = (line: string) => console.log(`[hostile] ${line}`);

// Forced GC, as in the reproduction of nodejs/undici#3644: the fetch's Request is collected mid-stream.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Cancels after `afterMs` (with forced GC first), returning how long the promise took to settle after the cancel. */
async function cancelLatency<T>(
  start: (signal: AbortSignal) => Promise<T>,
  afterMs: number,
): Promise<{ ms: number; value: T }> {
  const ac = new AbortController();
  const pending = start(ac.signal);
  await new Promise((r) => setTimeout(r, afterMs));
  gc();
  gc();
  const t0 = performance.now();
  ac.abort();
  const value = await pending;
  return { ms: since(t0), value };
}

beforeAll(async () => {
  streams = await startHostileOpenAi({ port: 3471 });
  trickling = await startHostileOpenAi({ port: 3472, models: "trickle", props: "trickle" });
  many = await startHostileOpenAi({ port: 3473, models: "many", props: "bad" });
  badProps = many;
});
afterAll(async () => {
  await Promise.all([streams, trickling, many].map((s) => s?.close()));
});

describe("a stream that goes quiet", () => {
  for (const model of ["quiet", "keepalive", "emptyevents"]) {
    it(`${model}: ends at the stall limit (keep-alives and empty events are not progress)`, async () => {
      const t0 = performance.now();
      const timer = setInterval(gc, 100);
      try {
        await expect(gen(model, { stallMs: 800 })).rejects.toThrow(/sent nothing for 0.8 s/);
      } finally {
        clearInterval(timer);
      }
      const ms = since(t0);
      report(`${model}: stall limit 800 ms -> ended after ${ms} ms`);
      expect(ms).toBeGreaterThanOrEqual(750);
      expect(ms).toBeLessThan(1800);
    });

    it(`${model}: cancel answers within 1 s, after forced GC, keeping what streamed`, async () => {
      const { ms, value } = await cancelLatency((signal) => gen(model, { signal, stallMs: 60_000 }), 600);
      report(`${model}: cancel -> ${ms} ms`);
      expect(ms).toBeLessThan(1000);
      expect(value.stopReason).toBe("abort");
      expect(value.text).toMatch(/^Hello/);
    });
  }
});

describe("a server that never answers", () => {
  it("no headers: ends at the stall limit, and cancel answers within 1 s", async () => {
    const t0 = performance.now();
    await expect(gen("noheaders", { stallMs: 800 })).rejects.toThrow(/sent nothing for 0.8 s/);
    const ended = since(t0);
    const { ms, value } = await cancelLatency((signal) => gen("noheaders", { signal, stallMs: 60_000 }), 500);
    report(`noheaders: stall limit 800 ms -> ended after ${ended} ms; cancel -> ${ms} ms`);
    expect(ended).toBeLessThan(1800);
    expect(ms).toBeLessThan(1000);
    expect(value).toMatchObject({ stopReason: "abort", text: "" });
  });
});

describe("an answer without end", () => {
  it("10^6 one-letter chunks with maxTokens 16 end as a finished answer of 16 tokens, and the stream stops being read", async () => {
    gc();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await gen("flood", { maxTokens: 16 });
    const ms = since(t0);
    gc();
    const grown = process.memoryUsage().rss - rss0;
    await new Promise((res) => setTimeout(res, 200));
    const sent = streams.written.get("flood") ?? 0;
    await new Promise((res) => setTimeout(res, 300));
    report(
      `flood: ${ms} ms, text ${r.text.length} chars, ${r.tokenTimes.length} timing points, server wrote ${sent} of 10^6 chunks, RSS +${(grown / 1e6).toFixed(1)} MB`,
    );
    expect(r.stopReason).toBe("maxTokens");
    expect(r.text).toBe("a".repeat(16));
    expect(r.tokenTimes.length).toBeLessThanOrEqual(16);
    expect(remoteMetrics(r, { embedMs: 0, retrievalMs: 0 }).outputTokens).toBe(16);
    expect(sent).toBeLessThan(1_000_000);
    expect(grown).toBeLessThan(50e6);
    expect(streams.written.get("flood")).toBe(sent); // the server stopped writing: the connection was closed, not left streaming
  });

  it("chunks of 64 KB fail at the byte cap, with a reason, instead of growing", async () => {
    await expect(gen("bigchunks", { maxTokens: 16 })).rejects.toThrow(
      /sent more than 16 KB of text for an answer of at most 16 tokens/,
    );
  });

  it("endless chunks without text fail at the chunk cap", async () => {
    const t0 = performance.now();
    await expect(gen("emptyflood", { maxTokens: 16 })).rejects.toThrow(/sent more than 96 chunks/);
    expect(since(t0)).toBeLessThan(2000);
  });
});

describe("what the server says is checked", () => {
  it("NUL and a lone surrogate in the answer become U+FFFD, so the answer can be stored", async () => {
    const r = await gen("nul");
    expect(r.text).toBe("Null\uFFFDbyte and half \uFFFD a pair");
    expect(r.stopReason).toBe("eogToken");
  });

  it("string, huge, negative, fractional and array numbers are dropped, not stored", async () => {
    const r = await gen("numbers");
    expect(r.promptTokens).toBeNull();
    expect(r.completionTokens).toBeNull();
    expect(r.server).toBeNull();
    const m = remoteMetrics(r, { embedMs: 0, retrievalMs: 0 });
    expect(m.outputTokens).toBe(3);
    expect(m.promptTokens).toBe(0);
  });

  it("/props and /metrics with wrong types and out-of-range values give only the valid, cleaned fields", async () => {
    expect(await serverProps(endpoint(badProps.url))).toEqual({
      build: "b1\uFFFD",
      modelPath: null,
      contextSize: null,
      slots: null,
    });
    expect(await kvCacheUsage(endpoint(badProps.url))).toBeUndefined();
  });
});

describe("the API key never comes back", () => {
  it("an HTTP error body echoing the Authorization header is redacted", async () => {
    const err = (await gen("echo500").catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/answered HTTP 500: .*invalid request/);
    expect(err.message).toContain("[redacted]");
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toMatch(/Bearer sk-/i);
  });

  it("a mid-stream error chunk echoing the key, bare and as a bearer token, is redacted", async () => {
    const err = (await gen("echomid").catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/reported an error mid-answer: upstream refused/);
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain(KEY.slice(0, 12));
  });

  it("an answer quoting the key over many chunks: redacted in the answer and in every streamed piece", async () => {
    const answer = async (maxTokens: number) => {
      const pieces: string[] = [];
      const res = await remoteGenerate(
        endpoint(streams.url),
        "echotext",
        { prompt: "Q: what is my key?\nA:", maxTokens, temperature: 0.7, seed: 1 },
        { signal: new AbortController().signal, stallMs: 5000, onChunk: (text) => pieces.push(text) },
      );
      // What streamed is the answer, and no piece shows a part of the key that a later piece completes.
      expect(pieces.join("")).toBe(res.text);
      for (const p of pieces) expect(p).not.toMatch(/hostile|0123|XYZ/);
      return res;
    };
    const whole = await answer(200);
    expect(whole.text).toBe(`Your key is [redacted] and ${KEY.slice(0, 5)} is not it.`);
    expect(whole.tokenTimes).toHaveLength(4 + KEY.length / 3); // every chunk timed, held back or not
    // Cut at the token limit inside the key: the start of the key that came is redacted too.
    const cut = await answer(5);
    expect(cut).toMatchObject({ text: "Your key is [redacted]", stopReason: "maxTokens" });
  });

  it("the streaming redactor gives the same text wherever the chunks split, and lets out what only began like the key", () => {
    const text = `a${KEY}b ${KEY.slice(0, 9)}! ${encodeURIComponent(KEY)}${KEY.slice(0, 3)}`;
    const whole = `a[redacted]b ${KEY.slice(0, 9)}! [redacted]${KEY.slice(0, 3)}`;
    for (let i = 0; i <= text.length; i++)
      for (let j = i; j <= text.length; j += 7) {
        const r = new StreamingKeyRedactor(KEY);
        const out = [text.slice(0, i), text.slice(i, j), text.slice(j)].map((c) => r.push(c)).join("") + r.flush();
        expect(out, `split at ${i}, ${j}`).toBe(whole);
      }
    const ends = (last: string) => {
      const r = new StreamingKeyRedactor(KEY);
      return r.push(`it works ${last}`) + r.flush();
    };
    expect(ends("s")).toBe("it works s");
    expect(ends("sk-")).toBe("it works sk-");
    expect(ends(KEY.slice(0, 4))).toBe("it works [redacted]");
    const none = new StreamingKeyRedactor(null);
    expect(none.push("sk-anything") + none.flush()).toBe("sk-anything");
  });

  it("redacts the key and anything secret-looking, in the forms servers echo them", () => {
    const cases = [
      `Authorization: Bearer ${KEY}`,
      `{"authorization":"Bearer ${KEY}"}`,
      `token=${encodeURIComponent(KEY)}`,
      `bearer abc.def-ghi`,
      "x-api-key: 12345secret",
      "api_key=hunter2hunter2",
      "key sk-proj-abcdefghijklmnop was refused",
      `raw ${KEY} here`,
    ];
    for (const c of cases) {
      const out = redactSecrets(c, KEY);
      expect(out, c).toContain("[redacted]");
      expect(out, c).not.toMatch(/sk-hostile|hunter2|12345secret|abc\.def|sk-proj/);
    }
    expect(redactSecrets("model crashed: out of memory", KEY)).toBe("model crashed: out of memory");
  });
});

describe("listing an endpoint's models", () => {
  it("a /v1/models that trickles its body is given up at the deadline", async () => {
    const t0 = performance.now();
    const timer = setInterval(gc, 100);
    const health = await checkHealth(endpoint(trickling.url), 1000).finally(() => clearInterval(timer));
    const ms = since(t0);
    report(`/v1/models trickling: deadline 1000 ms -> answered in ${ms} ms`);
    expect(health).toMatchObject({ ok: false, error: expect.stringMatching(/did not answer within 1 s/) });
    expect(ms).toBeLessThan(1500);
  });

  it("cancel of /v1/models, /props and /metrics that trickle answers within 1 s", async () => {
    for (const [what, ask] of [
      ["/v1/models", (signal: AbortSignal) => checkHealth(endpoint(trickling.url), 60_000, signal)],
      ["/props", (signal: AbortSignal) => serverProps(endpoint(trickling.url), { timeoutMs: 60_000, signal })],
      ["/metrics", (signal: AbortSignal) => kvCacheUsage(endpoint(trickling.url), { timeoutMs: 60_000, signal })],
    ] as const) {
      const { ms } = await cancelLatency(ask as (s: AbortSignal) => Promise<unknown>, 500);
      report(`${what} trickling: cancel -> ${ms} ms`);
      expect(ms, what).toBeLessThan(1000);
    }
  });

  it("100,000 ids with duplicates are merged and capped at 1,000, saying what was left out", async () => {
    const health = await checkHealth(endpoint(many.url));
    if (!health.ok) throw new Error(health.error);
    report(
      `/v1/models 100,002 entries -> ${health.models.length} ids kept, health JSON ${JSON.stringify(health).length} bytes; ${health.note}`,
    );
    expect(health.models).toHaveLength(1000);
    expect(new Set(health.models).size).toBe(1000);
    expect(health.models.every((id) => id.length <= 256 && !id.includes("\u0000"))).toBe(true);
    expect(health.note).toMatch(
      /1,000 duplicates merged; 2 unusable ids .* left out; 98,000 more past the first 1,000 left out/,
    );
  });
});
