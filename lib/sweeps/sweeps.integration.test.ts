import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testContext } from "../datasets/testing/context";
import { AppError } from "../errors";
import { TEST_SHAPES, standinFile } from "../models/standins/shapes";
import { writeStandin } from "../models/standins/write-standin";
import { tinySpec } from "../models/testing/fixtures";
import { stopAll, waitForJob } from "../runs/queue";
import { sweepCsv } from "./export";
import { cancelSweep, createSweep, getSweep, sweepRequestSchema } from "./service";
import { sweepJob, sweepJobHandler } from "./sweep-job";
import { insertSweep, patchSweep } from "../db/queries/sweeps";
import { runLine } from "../runs/queue";
import type { SweepPoint, SweepView } from "./types";

// Sweeps on real node-llama-cpp and PGlite, with the tiny demo models (dense and 4:1 GQA, otherwise the same
// shape) and two tiny stand-ins with a sliding window in their header: Gemma 3 (llama.cpp applies it) and llama
// (llama.cpp attends to everything). What a user reads off a sweep must hold: KV memory measured, growing with
// depth, a quarter for GQA, and bounded by the window only where llama.cpp applies one.

let ctx: Awaited<ReturnType<typeof testContext>>;
const DENSE = tinySpec("dense").file;
const GQA = tinySpec("gqa").file;
const [GEMMA, LLAMA_WINDOW] = TEST_SHAPES.map(standinFile);

async function sweep(body: Record<string, unknown>): Promise<SweepView> {
  const { id } = await createSweep(ctx, sweepRequestSchema.parse(body));
  await waitForJob(sweepJob, { sweepId: id });
  return getSweep(ctx, id);
}
const at = (v: SweepView, model: string, depth: number) =>
  v.points.find((p) => p.model === model && p.depth === depth)!;
const series = (v: SweepView, model: string) =>
  v.points.filter((p) => p.model === model).sort((a, b) => a.depth - b.depth);

beforeAll(async () => {
  ctx = await testContext();
  for (const shape of TEST_SHAPES) writeStandin(shape, ctx.modelsDir);
}, 120_000);
afterAll(async () => {
  await stopAll();
  await ctx?.close();
});

describe("a sweep over depth", () => {
  let view: SweepView;
  beforeAll(async () => {
    view = await sweep({
      models: [DENSE, GQA],
      depths: [0, 256, 512, 2048],
      pp: 32,
      tg: 8,
      repetitions: 2,
      threads: 1,
    });
  }, 180_000);

  it("measures every point that fits, with rates and an interval over the repetitions", () => {
    expect(view.status).toBe("done");
    expect(view.points).toHaveLength(6);
    for (const p of view.points) {
      expect(p.ppTokensPerSecond).toBeGreaterThan(0);
      expect(p.tgTokensPerSecond).toBeGreaterThan(0);
      expect(p.ppSamples).toHaveLength(2);
      expect(p.ppInterval!.n).toBe(2);
      expect(p.ppInterval!.lo).toBeLessThanOrEqual(p.ppTokensPerSecond);
      expect(p.peakRssBytes).toBeGreaterThan(0);
      expect(p.kvAllocatedBytes).toBeGreaterThan(0);
    }
    expect(view.progress).toMatchObject({ done: 8, total: 8, current: null });
    expect(view.machine?.llamaCpp).toMatch(/llama\.cpp/);
  });

  it("skips depths past a model's trained context, saying so", () => {
    const skips = view.skipped.filter((s) => s.depth === 2048);
    expect(skips.map((s) => s.model).sort()).toEqual([DENSE, GQA].sort());
    expect(skips[0].reason).toMatch(/passes the model's trained context of 1024/);
  });

  it("measures the KV cache growing with depth, and GQA's at a quarter of the dense one's", () => {
    for (const model of [DENSE, GQA]) {
      const kv = series(view, model).map((p) => p.kvCacheBytes);
      expect(kv[1]).toBeGreaterThan(kv[0]);
      expect(kv[2]).toBeGreaterThan(kv[1] * 1.8); // twice the tokens, twice the cache
    }
    const ratio = at(view, GQA, 512).kvCacheBytes / at(view, DENSE, 512).kvCacheBytes;
    expect(ratio).toBeGreaterThan(0.23);
    expect(ratio).toBeLessThan(0.27);
    // The header's estimate agrees with what llama.cpp holds (within 5%: cell bookkeeping).
    const dense = at(view, DENSE, 512);
    expect(Math.abs(dense.kvCacheBytes / dense.kvEstimateBytes - 1)).toBeLessThan(0.05);
  });

  it("exports a CSV line per point", () => {
    const lines = sweepCsv(view).trim().split("\n");
    expect(lines[0]).toMatch(/^model,depth,threads,kv_cache_type/);
    expect(lines).toHaveLength(1 + view.points.length);
  });
});

describe("sliding windows: what llama.cpp does, measured", () => {
  let view: SweepView;
  beforeAll(async () => {
    view = await sweep({
      models: [GEMMA, LLAMA_WINDOW],
      depths: [256, 1024, 2048],
      pp: 16,
      tg: 4,
      repetitions: 1,
      threads: 1,
    });
  }, 180_000);

  it("Gemma 3's windowed layers stop growing; the llama header's window changes nothing", () => {
    expect(view.status).toBe("done");
    const gemma = series(view, GEMMA);
    const llama = series(view, LLAMA_WINDOW);
    expect(gemma).toHaveLength(3);
    expect(gemma[0].kvCells?.swa).toBeGreaterThan(0);
    expect(llama[0].kvCells?.swa).toBeNull();
    const perToken = (s: SweepPoint[], a: number, b: number) =>
      (s[b].kvCacheBytes - s[a].kvCacheBytes) / (s[b].depth - s[a].depth);
    // The llama file's cache grows by the same bytes per token all along (every layer keeps every token); Gemma's,
    // once its windowed layers hold their window (128 tokens + a 512-token micro-batch), by its one layer in six
    // with full attention only.
    expect(perToken(llama, 1, 2) / perToken(llama, 0, 1)).toBeCloseTo(1, 1);
    expect(perToken(gemma, 1, 2)).toBeLessThan(perToken(llama, 1, 2) * 0.3);
    expect(view.models.find((m) => m.file === GEMMA)).toMatchObject({ slidingWindow: 128, slidingWindowApplied: true });
    expect(view.models.find((m) => m.file === LLAMA_WINDOW)).toMatchObject({
      slidingWindow: 128,
      slidingWindowApplied: false,
    });
  });
});

describe("bad sweeps", () => {
  const refusal = async (body: Record<string, unknown>) => {
    const err = await createSweep(ctx, sweepRequestSchema.parse(body)).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  };

  it("refuses unknown models, more threads than cores and too many points, with what to do", async () => {
    expect(await refusal({ models: ["nope.gguf"] })).toMatch(/not among the models found/);
    expect(await refusal({ models: [DENSE], threads: 64 })).toMatch(/physical cores/);
    expect(
      await refusal({
        models: [DENSE, GQA, GEMMA],
        depths: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        threads: [1],
        kvCacheType: ["f16", "q8_0", "q4_0"],
        flashAttention: [true, false],
        repetitions: 1,
      }),
    ).toMatch(/points/);
    expect(sweepRequestSchema.safeParse({ models: [] }).success).toBe(false);
    expect(sweepRequestSchema.safeParse({ models: [DENSE], kvCacheType: "q2" }).success).toBe(false);
  });

  it("skips a quantised V cache without flash attention, and a cancelled sweep keeps its status", async () => {
    const view = await sweep({
      models: [DENSE],
      depths: [0],
      pp: 8,
      tg: 2,
      repetitions: 1,
      threads: 1,
      kvCacheType: "q8_0",
      flashAttention: false,
    });
    expect(view.points).toHaveLength(0);
    expect(view.skipped[0].reason).toMatch(/flash attention/);
    const { id } = await createSweep(
      ctx,
      sweepRequestSchema.parse({ models: [DENSE], depths: [0, 512], pp: 8, tg: 2, repetitions: 1, threads: 1 }),
    );
    await cancelSweep(ctx, id);
    await waitForJob(sweepJob, { sweepId: id });
    expect((await getSweep(ctx, id)).status).toBe("cancelled");
  });
});

describe("a restart", () => {
  it("marks a sweep that was running interrupted (its points kept) and queues a waiting one again", async () => {
    const settings = {
      models: [DENSE],
      depths: [0],
      pp: 8,
      tg: 2,
      threads: [1],
      kvCacheTypes: ["f16" as const],
      flashAttention: [false],
      repetitions: 1,
      gpu: "cpu" as const,
    };
    await insertSweep(ctx.db, { id: "sweep_wasrunning", settings, total: 1 });
    await patchSweep(ctx.db, "sweep_wasrunning", { status: "running", done: 0 });
    await insertSweep(ctx.db, { id: "sweep_waswaiting", settings, total: 1 });
    const found = await sweepJobHandler.recover!(ctx, runLine());
    expect(found).toEqual({ interrupted: 1, requeued: 1 });
    const was = await getSweep(ctx, "sweep_wasrunning");
    expect(was.status).toBe("interrupted");
    expect(was.error).toMatch(/server stopped/);
    await waitForJob(sweepJob, { sweepId: "sweep_waswaiting" });
    expect((await getSweep(ctx, "sweep_waswaiting")).points).toHaveLength(1);
  });
});
