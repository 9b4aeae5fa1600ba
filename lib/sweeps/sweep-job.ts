import "server-only";
import os from "node:os";
import { appendSweepPoint, appendSweepSkips, findSweep, patchSweep, sweepsWithStatus } from "../db/queries/sweeps";
import { defineJobType, type JobHandler } from "../jobs/job-kind";
import { log } from "../log";
import { bootstrapMean } from "../metrics/bootstrap";
import { findModel, listModels } from "../models/inventory";
import { slidingWindowApplied } from "../models/sliding-window";
import type { ServerContext } from "../server-context";
import { availableMemoryBytes } from "../system/memory";
import { startLoadSampler } from "../system/load";
import { planModel, type PlannedPoint } from "./plan";
import { configLabel, sweepConfigs, type SweepSettings } from "./settings";
import type { SweepMachine, SweepModel, SweepPoint } from "./types";
import type { Measured } from "./worker/protocol";
import { SweepWorker } from "./worker/sweep-worker";

// A sweep job on the run line (so it never competes with a run for the cores): per model, one worker process;
// per point, a context of depth + pp + tg tokens, filled to the depth, then pp and tg measured `repetitions`
// times. Each point is stored as it is measured. A model that fails or crashes fails its own points, with the
// reason; the sweep goes on with the next model.

export type SweepJob = { sweepId: string };

export const sweepJob = defineJobType<SweepJob, ServerContext>({
  name: "sweep",
  priority: "foreground",
  idOf: ({ sweepId }) => sweepId,
});

/** A worker silent this long (no heartbeat: stuck, not busy) is killed. */
const STALL_MS = 60_000;

const rate = (tokens: number, ms: number) => (tokens * 1000) / ms;

function interval(samples: number[], seed: string) {
  const b = samples.length > 1 ? bootstrapMean(samples, 1000, seed) : null;
  return b ? { lo: b.lo, hi: b.hi, n: b.n } : null;
}

export function toPoint(
  model: string,
  s: SweepSettings,
  p: PlannedPoint,
  m: Measured,
  kvBytesPerToken: number,
): Omit<SweepPoint, "load"> {
  const ppSamples = m.ppMs.map((ms) => rate(s.pp, ms));
  const tgSamples = m.tgMs.map((ms) => rate(s.tg, ms));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const seed = `${model}:${p.depth}:${configLabel(p.config)}`;
  return {
    model,
    depth: p.depth,
    ...p.config,
    pp: s.pp,
    tg: s.tg,
    ppTokensPerSecond: mean(ppSamples),
    ppInterval: interval(ppSamples, `${seed}:pp`),
    tgTokensPerSecond: mean(tgSamples),
    tgInterval: interval(tgSamples, `${seed}:tg`),
    ppSamples,
    tgSamples,
    kvCacheBytes: m.kvCacheBytes,
    kvAllocatedBytes: m.kvAllocatedBytes,
    kvCells: m.kvCells,
    kvEstimateBytes: kvBytesPerToken * p.depth,
    contextSize: m.contextSize,
    fillMs: m.fillMs,
    peakRssBytes: m.peakRssBytes,
  };
}

async function runSweep({ sweepId }: SweepJob, ctx: ServerContext, signal: AbortSignal): Promise<void> {
  const row = await findSweep(ctx.db, sweepId);
  if (!row || row.status !== "queued") return;
  const s = row.settings;
  await patchSweep(ctx.db, sweepId, { status: "running", current: "finding the models" });
  let done = 0;
  const models: SweepModel[] = [];
  let machine: SweepMachine | null = null;
  try {
    const inventory = await listModels(ctx.db, ctx);
    const perModel = s.depths.length * sweepConfigs(s).length;
    for (const file of s.models) {
      if (signal.aborted) break;
      const entry = findModel(inventory, file);
      if (!entry || !entry.valid) {
        const reason = entry ? `cannot be loaded: ${entry.reason}` : "is not among the models found any more";
        done += perModel;
        await appendSweepSkips(ctx.db, sweepId, [{ model: file, reason: `The model ${reason}` }], done);
        continue;
      }
      const f = entry.facts;
      const model: SweepModel = {
        file,
        sha256: entry.sha256,
        sizeBytes: entry.sizeBytes,
        architecture: f.architecture,
        kvBytesPerToken: f.kvBytesPerToken,
        slidingWindow: f.slidingWindow,
        slidingWindowApplied: !!f.slidingWindow && slidingWindowApplied(f.architecture),
        contextLength: f.contextLength,
        standin: f.standin === true,
        demo: f.demo,
      };
      models.push(model);
      const plan = planModel(file, f, s, availableMemoryBytes());
      done += plan.skipped.length;
      await appendSweepSkips(ctx.db, sweepId, plan.skipped, done);
      await patchSweep(ctx.db, sweepId, { models });
      if (!plan.points.length) continue;
      await patchSweep(ctx.db, sweepId, { current: `${file}: loading` });
      const worker = await SweepWorker.start({ stallMs: STALL_MS, signal });
      try {
        const loaded = await worker.load({ modelPath: entry.path, gpu: s.gpu }, signal);
        Object.assign(model, { loadMs: loaded.loadMs, idleRssBytes: loaded.idleRssBytes });
        machine ??= {
          llamaCpp: loaded.llamaCpp,
          nodeLlamaCpp: loaded.nodeLlamaCpp,
          backend: loaded.backend,
          cpus: os.availableParallelism(),
          totalMemoryBytes: os.totalmem(),
        };
        await patchSweep(ctx.db, sweepId, { models, machine });
        for (let i = 0; i < plan.points.length; i++) {
          const p = plan.points[i];
          const where = `${file}: depth ${p.depth}, ${configLabel(p.config)}`;
          await patchSweep(ctx.db, sweepId, { current: `${where}: starting` });
          const sampler = startLoadSampler();
          let measured: Measured;
          try {
            measured = await worker.measure(
              { ...p.config, depth: p.depth, pp: s.pp, tg: s.tg, repetitions: s.repetitions },
              (progress) => {
                const fixed: Record<string, string> = {
                  fill: `filling ${p.depth} tokens`,
                  context: "creating the context",
                  "warm-up": "warming up",
                };
                const step = fixed[progress.step] ?? `${progress.step} ${progress.repetition}/${s.repetitions}`;
                patchSweep(ctx.db, sweepId, { current: `${where}: ${step}` }).catch(() => undefined);
              },
              signal,
            );
          } catch (err) {
            if (signal.aborted) throw err;
            // The model's own failure: this point, and the rest of the model's when its worker is gone.
            const reason = (err as Error).message;
            const rest = worker.alive ? [p] : plan.points.slice(i);
            done += rest.length;
            await appendSweepSkips(
              ctx.db,
              sweepId,
              rest.map(({ depth, config }) => ({ model: file, depth, config, reason: `failed: ${reason}` })),
              done,
            );
            if (!worker.alive) break;
            continue;
          }
          done++;
          await appendSweepPoint(
            ctx.db,
            sweepId,
            { ...toPoint(file, s, p, measured, f.kvBytesPerToken), load: sampler.stop() },
            done,
          );
        }
      } catch (err) {
        if (signal.aborted) throw err;
        const reason = (err as Error).message;
        log.warn(`sweep ${sweepId}: ${file} failed: ${reason}`);
        await appendSweepSkips(ctx.db, sweepId, [{ model: file, reason: `The model failed: ${reason}` }], done);
      } finally {
        await worker.stop().catch(() => undefined);
      }
    }
    if (signal.aborted) throw new Error("cancelled");
    await patchSweep(ctx.db, sweepId, { status: "done", current: null, finishedAt: new Date() });
  } catch (err) {
    const cancelled = signal.aborted;
    await patchSweep(ctx.db, sweepId, {
      status: cancelled ? "cancelled" : "failed",
      current: null,
      error: cancelled ? null : (err as Error).message,
      finishedAt: new Date(),
    });
    if (!cancelled) log.error(`sweep ${sweepId} failed`, err);
  }
}

const INTERRUPTED =
  "The server stopped while this sweep ran. The points measured are kept: start a new sweep for the rest.";

/** The sweep kind of the run line, registered at boot (lib/server/job-kinds.ts). */
export const sweepJobHandler: JobHandler<SweepJob, ServerContext> = {
  run: (job, ctx, signal) => runSweep(job, ctx, signal),
  async recover(ctx, line) {
    let interrupted = 0;
    for (const row of await sweepsWithStatus(ctx.db, ["running"])) {
      if (line.has(sweepJob, { sweepId: row.id })) continue;
      await patchSweep(ctx.db, row.id, {
        status: "interrupted",
        error: INTERRUPTED,
        current: null,
        finishedAt: new Date(),
      });
      interrupted++;
    }
    const queued = await sweepsWithStatus(ctx.db, ["queued"]);
    for (const row of queued) line.enqueue(sweepJob, { sweepId: row.id }, ctx);
    return { interrupted, requeued: queued.length };
  },
};
