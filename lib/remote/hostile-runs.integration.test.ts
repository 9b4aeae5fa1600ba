import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerCell } from "@/components/run/answer-cell";
import { importText, testContext } from "../datasets/testing/context";
import { writeSampleCsv } from "../datasets/sample/generate";
import { insertEndpoint } from "../db/queries/endpoints";
import { generations } from "../db/schema";
import { runCsv, runJson } from "../runs/export";
import { runHtml } from "../runs/export-html";
import { stopAll, waitForRun } from "../runs/queue";
import type { ServerContext } from "../server-context";
import { cancel, createRun, getRun } from "../runs/service";
import { endpointsWithModels } from "./endpoints";
import { startHostileOpenAi, type HostileServer } from "./testing/hostile-openai";
import { remoteRef } from "./types";

// Issue 19 through the real run pipeline (createRun -> queue -> executor -> run-remote), against a hostile
// OpenAI-compatible server on loopback (lib/remote/testing/hostile-openai.ts): what a user would see. Every
// run ends (never left "running"), cancel answers within a second, stored answers stay small, the run page's
// answer cells render from what is stored, and the API key is in no error, API answer or export.

const SECRET = "sk-lineup-hostile-4f9a2b7c1d";
let base: Awaited<ReturnType<typeof testContext>>;
let datasetId: string;
let streams: HostileServer, trickling: HostileServer, many: HostileServer;
const ctx = (limits: ServerContext["limits"] = {}) => ({ ...base, threads: 1, limits });
const settings = (models: string[], values: Record<string, unknown> = {}) => ({
  datasetId,
  models,
  groups: ["B00SAMPLE01"],
  questions: ["What do people like?"],
  maxTokens: 24,
  seed: 7,
  threads: 1,
  ...values,
});
const h = (model: string) => remoteRef("ep_hostile", model);
const since = (t0: number) => Math.round(performance.now() - t0);
const report = (line: string) => console.log(`[hostile-run] ${line}`);
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Everything a user can get of a run: the API's JSON, the three exports and the page's answer cells, rendered. */
async function everyView(id: string): Promise<string> {
  const detail = await getRun(ctx(), id);
  const cells = detail.generations.map((g) =>
    renderToStaticMarkup(
      createElement(AnswerCell, { model: g.model, generation: g, partial: undefined, running: false }),
    ),
  );
  return [JSON.stringify(detail), runJson(detail), runCsv(detail), runHtml(detail), ...cells].join("\n");
}

async function waitUntil(check: () => Promise<boolean>, ms = 20_000) {
  for (const t0 = performance.now(); performance.now() - t0 < ms; await new Promise((r) => setTimeout(r, 50)))
    if (await check()) return;
  throw new Error("timed out waiting");
}

beforeAll(async () => {
  base = await testContext();
  datasetId = await importText(base, fs.readFileSync(writeSampleCsv(path.join(base.dataDir, "s")), "utf8"));
  streams = await startHostileOpenAi({ port: 3474 });
  trickling = await startHostileOpenAi({ port: 3475, models: "trickle", props: "trickle" });
  many = await startHostileOpenAi({ port: 3476, models: "many" });
  await insertEndpoint(base.db, { id: "ep_hostile", baseUrl: streams.url, apiKey: SECRET });
  await insertEndpoint(base.db, { id: "ep_trickle", baseUrl: trickling.url, apiKey: SECRET });
}, 120_000);
afterAll(async () => {
  await stopAll();
  await Promise.all([streams, trickling, many].map((s) => s?.close()));
  await base.close();
});

describe("a remote server that goes quiet", () => {
  it("silence, keep-alive comments and empty events each fail their cell at the stall limit; the run ends", async () => {
    const t0 = performance.now();
    const { id } = await createRun(
      ctx({ stallMs: 1000 }),
      settings([h("quiet"), h("keepalive"), h("emptyevents"), h("ok")]),
    );
    // When each answer was stored, from the run's start (the first includes loading the embedder for retrieval).
    const stored: string[] = [];
    await waitUntil(async () => {
      const d = await getRun(ctx(), id);
      for (const g of d.generations.slice(stored.length)) stored.push(`${g.model.split("/")[1]} at ${since(t0)} ms`);
      return d.run.status !== "queued" && d.run.status !== "running";
    }, 60_000);
    const detail = await getRun(ctx(), id);
    report(
      `quiet + keepalive + emptyevents + ok, stall limit 1 s: cells stored ${stored.join(", ")}; run ended at ${since(t0)} ms`,
    );
    expect(detail.run.status).toBe("completed");
    expect(detail.generations.map((g) => [g.model, g.status, g.error])).toEqual([
      [h("quiet"), "failed", expect.stringMatching(/sent nothing for 1 s/)],
      [h("keepalive"), "failed", expect.stringMatching(/sent nothing for 1 s/)],
      [h("emptyevents"), "failed", expect.stringMatching(/sent nothing for 1 s/)],
      [h("ok"), "ok", null],
    ]);
    expect(detail.generations[0].answer).toBe("Hello there");
  }, 60_000);

  it("cancel answers within 1 s while the stream sends only keep-alives, and the next run is not held", async () => {
    const { id } = await createRun(ctx({ stallMs: 600_000 }), settings([h("keepalive"), h("ok")]));
    await waitUntil(async () => Object.values((await getRun(ctx(), id)).partials).some((p) => p.startsWith("Hello")));
    await new Promise((r) => setTimeout(r, 500));
    gc();
    const t0 = performance.now();
    await cancel(ctx(), id);
    const ms = since(t0);
    report(`keepalive run: POST cancel answered in ${ms} ms`);
    expect(ms).toBeLessThan(1000);
    const detail = await getRun(ctx(), id);
    expect(detail.run.status).toBe("cancelled");
    expect(detail.generations.find((g) => g.model === h("keepalive"))).toMatchObject({
      status: "cancelled",
      answer: "Hello",
    });
    const t1 = performance.now();
    const next = await createRun(ctx(), settings([h("ok"), remoteRef("ep_hostile", "ok2")]));
    await waitForRun(next.id);
    expect((await getRun(ctx(), next.id)).run.status).toBe("completed");
    expect(since(t1)).toBeLessThan(10_000);
  }, 60_000);

  it("cancel answers within 1 s while the run's start is asking a server that trickles /props and /v1/models", async () => {
    const { id } = await createRun(ctx({ stallMs: 600_000 }), settings([remoteRef("ep_trickle", "ok"), h("ok")]));
    await new Promise((r) => setTimeout(r, 1000));
    gc();
    // Running, in its manifest step: it asks each endpoint's /props and /v1/models (3 s deadlines) before any answer.
    const before = await getRun(ctx(), id);
    expect(before.run.status).toBe("running");
    expect(before.generations).toHaveLength(0);
    const t0 = performance.now();
    await cancel(ctx(), id);
    const ms = since(t0);
    report(`trickling /props + /v1/models at run start: cancel answered in ${ms} ms`);
    expect(ms).toBeLessThan(1000);
    expect((await getRun(ctx(), id)).run.status).toBe("cancelled");
  }, 60_000);
});

describe("an answer without end", () => {
  it("10^6 one-letter chunks with maxTokens 16: a finished answer of 16 tokens, a small run, little memory", async () => {
    gc();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const { id } = await createRun(ctx(), settings([h("flood"), h("ok")], { maxTokens: 16 }));
    await waitForRun(id);
    const ms = since(t0);
    const detail = await getRun(ctx(), id);
    gc();
    const grown = process.memoryUsage().rss - rss0;
    const json = JSON.stringify(detail).length;
    const g = detail.generations.find((x) => x.model === h("flood"))!;
    report(
      `flood run: ended in ${ms} ms, answer ${g.answer.length} chars, ${g.tokenTimes.length} timing points, GET /api/runs/:id ${json} bytes, RSS +${(grown / 1e6).toFixed(1)} MB`,
    );
    expect(detail.run.status).toBe("completed");
    expect(g).toMatchObject({ status: "ok", stopReason: "maxTokens", answer: "a".repeat(16) });
    expect(g.tokenTimes.length).toBeLessThanOrEqual(16);
    expect(g.metrics.outputTokens).toBe(16);
    expect(json).toBeLessThan(100_000);
    expect(grown).toBeLessThan(100e6);
  }, 60_000);

  it("a server sending 64 KB chunks fails the cell at the byte cap, keeping at most the cap", async () => {
    const { id } = await createRun(ctx(), settings([h("bigchunks"), h("ok")], { maxTokens: 16 }));
    await waitForRun(id);
    const g = (await getRun(ctx(), id)).generations.find((x) => x.model === h("bigchunks"))!;
    expect(g.status).toBe("failed");
    expect(g.error).toMatch(/more than 16 KB of text for an answer of at most 16 tokens/);
    expect(g.answer.length).toBeLessThanOrEqual(16 * 1024);
  }, 60_000);
});

describe("what the server sends is made storable and checked", () => {
  it("an answer with NUL and a lone surrogate is stored (U+FFFD in their place) and the run completes", async () => {
    const { id } = await createRun(ctx(), settings([h("nul"), h("ok")]));
    await waitForRun(id);
    const detail = await getRun(ctx(), id);
    expect(detail.run.status).toBe("completed");
    expect(detail.generations.find((x) => x.model === h("nul"))).toMatchObject({
      status: "ok",
      answer: "Null\uFFFDbyte and half \uFFFD a pair",
    });
  }, 60_000);

  it("string, huge and negative numbers are not stored, and figures already stored that way do not break the page or exports", async () => {
    const { id } = await createRun(ctx(), settings([h("numbers"), h("ok")]));
    await waitForRun(id);
    const g = (await getRun(ctx(), id)).generations.find((x) => x.model === h("numbers"))!;
    expect(g.status).toBe("ok");
    expect(g.server).toBeNull();
    expect(g.metrics).toMatchObject({ outputTokens: 3, promptTokens: 0 });
    // A run stored before the checks: the values issue 19 saw, written straight into the row.
    await base.db
      .update(generations)
      .set({
        server: {
          source: "llama-server timings",
          predictedPerSecond: "8642.13",
          promptPerSecond: 1e300,
          kvCacheUsageRatio: [1, 2],
        } as never,
        metrics: {
          ...g.metrics,
          outputTokens: "1e300",
          promptTokens: [1, 2],
          generationTokensPerSecond: "8642.13",
          wordsPerSecond: { x: 1 },
        } as never,
      })
      .where(eq(generations.id, g.id));
    const views = await everyView(id);
    // A value no figure of this run has by chance (12.5 once matched an SVG bar width in the HTML export).
    expect(views).not.toContain("8642.13");
    const after = (await getRun(ctx(), id)).generations.find((x) => x.model === h("numbers"))!;
    expect(after.server).toBeNull();
    expect(after.metrics.generationTokensPerSecond).toBeUndefined();
    expect(after.metrics.promptTokens).toBeUndefined();
  }, 60_000);
});

describe("the API key never leaves the server", () => {
  it("an HTTP error body, a mid-stream error and an answer echoing the key: not in what is stored, the API, the exports or the page", async () => {
    const { id } = await createRun(ctx(), settings([h("echo500"), h("echomid"), h("echotext")]));
    await waitForRun(id);
    const detail = await getRun(ctx(), id);
    expect(detail.generations.map((g) => g.error)).toEqual([
      expect.stringMatching(/HTTP 500: .*\[redacted\]/),
      expect.stringMatching(/mid-answer: upstream refused: .*\[redacted\]/),
      null,
    ]);
    expect(detail.generations[2]).toMatchObject({
      status: "ok",
      answer: `Your key is [redacted] and ${SECRET.slice(0, 5)} is not it.`,
    });
    const views = await everyView(id);
    expect(views).toContain("[redacted]");
    expect(views).not.toContain(SECRET);
    expect(views).not.toContain(SECRET.slice(0, 12));
    expect(views).not.toMatch(/Bearer sk-/i);
  }, 60_000);
});

describe("listing endpoints", () => {
  it("answers within its deadline when a server trickles /v1/models, and keeps 1,000 of 100,000 listed ids", async () => {
    await insertEndpoint(base.db, { id: "ep_many", baseUrl: many.url });
    const t0 = performance.now();
    const listing = await endpointsWithModels(base.db);
    const ms = since(t0);
    const bytes = JSON.stringify(listing).length;
    report(
      `GET /api/endpoints with a trickling and a 100,000-id server: ${ms} ms, ${bytes} bytes, ${listing.models.length} models`,
    );
    expect(ms).toBeLessThan(4000);
    expect(listing.endpoints.find((e) => e.id === "ep_trickle")!.health).toMatchObject({
      ok: false,
      error: expect.stringMatching(/did not answer within 3 s/),
    });
    expect(listing.models.filter((m) => m.endpointId === "ep_many")).toHaveLength(1000);
    expect(bytes).toBeLessThan(300_000);
    expect(JSON.stringify(listing)).not.toContain(SECRET);
  }, 60_000);
});
