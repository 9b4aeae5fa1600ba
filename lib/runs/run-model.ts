import "server-only";
import path from "node:path";
import type { Db } from "../db/client";
import { insertGeneration } from "../db/queries/runs";
import type { RunQuestion } from "../db/schema";
import { generationMetrics } from "../metrics/generation";
import { estimateMemoryBytes } from "../models/estimate";
import { startLoadSampler } from "../system/load";
import type { ModelEntry } from "../models/inventory";
import { ModelWorker, WorkerExitedError } from "../models/worker/model-worker";
import { runRemoteModel } from "../remote/run-remote";
import { isRemoteRef } from "../remote/types";
import { cellId, type CellKey } from "./cell-key";
import { toGenerationView } from "./detail";
import { emitRunEvent } from "./events";
import type { RunSettings } from "./settings";

// One model's share of a run: its cells, one after another, in one worker process. The worker is always
// stopped when this ends, whatever failed on the way (try/finally); a worker that crashed mid-cell fails that
// cell only, and a fresh worker takes the next one.

export type ModelRunCtx = {
  db: Db;
  runId: string;
  modelsDir: string;
  settings: RunSettings;
  signal: AbortSignal;
  stallMs: number;
  /** Cells already stored; each cell stored here is added. */
  stored: Set<string>;
  /** Called after each stored cell. */
  onStored: () => Promise<void>;
  /** Called once a worker reports its llama.cpp build (for the manifest). */
  onLlamaCpp: (release: string) => Promise<void>;
};

type Loaded = { worker: ModelWorker; loadMs: number; baseRssBytes: number };
export type CellValues = Omit<Parameters<typeof insertGeneration>[1], "runId" | "model" | "repetition" | "questionId">;

async function store(ctx: ModelRunCtx, cell: CellKey, values: CellValues): Promise<void> {
  const row = await insertGeneration(ctx.db, { ...values, runId: ctx.runId, model: cell.model, repetition: cell.repetition, questionId: cell.questionId });
  ctx.stored.add(cellId(cell));
  if (row) emitRunEvent(ctx.runId, { type: "generation", generation: toGenerationView(row) });
  await ctx.onStored();
}

async function failCells(ctx: ModelRunCtx, model: string, repetition: number, questions: RunQuestion[], error: string) {
  for (const q of questions) {
    const cell = { questionId: q.id, model, repetition };
    if (!ctx.stored.has(cellId(cell))) await store(ctx, cell, { status: "failed", error, cold: false });
  }
}

/** Starts a worker and loads the model into it; the caller owns (and stops) the worker it is handed. */
async function startModel(ctx: ModelRunCtx, entry: ModelEntry & { valid: true }, repetition: number, hold: (w: ModelWorker) => void): Promise<Loaded> {
  emitRunEvent(ctx.runId, { type: "model", model: entry.file, repetition, state: "loading" });
  const worker = await ModelWorker.start({ stallMs: ctx.stallMs, signal: ctx.signal });
  hold(worker);
  const base = await worker.stats();
  const info = await worker.load(path.join(ctx.modelsDir, entry.file), { contextSize: ctx.settings.contextSize, threads: ctx.settings.threads }, ctx.signal);
  emitRunEvent(ctx.runId, { type: "model", model: entry.file, repetition, state: "loaded", loadMs: info.loadMs, pid: worker.pid });
  await ctx.onLlamaCpp(info.llamaCpp);
  return { worker, loadMs: info.loadMs, baseRssBytes: base.rssBytes };
}

/** One cell: "ok" when the worker can take the next, "crashed" when it died (or was killed) on the way. */
async function runCell(ctx: ModelRunCtx, entry: ModelEntry & { valid: true }, loaded: Loaded, q: RunQuestion, cell: CellKey, cold: boolean): Promise<"ok" | "crashed"> {
  const { settings, signal } = ctx;
  emitRunEvent(ctx.runId, { type: "cell", cell, cold });
  let partial = "";
  const sampler = startLoadSampler();
  try {
    const result = await loaded.worker.generate(
      { prompt: q.prompt, maxTokens: settings.maxTokens, temperature: settings.temperature, seed: settings.seed },
      {
        signal,
        onPhase: (phase) => emitRunEvent(ctx.runId, { type: "phase", cell, phase }),
        onToken: (t, text, at) => {
          emitRunEvent(ctx.runId, { type: "token", cell, offset: partial.length, text, t, at });
          partial += text;
        },
      },
    );
    const metrics = generationMetrics(result, result.text, {
      loadMs: cold ? loaded.loadMs : undefined,
      peakRssBytes: result.peakRssBytes, idleRssBytes: result.idleRssBytes, baseRssBytes: loaded.baseRssBytes,
      estimateBytes: estimateMemoryBytes(entry.facts, settings.contextSize), embedMs: q.embedMs, retrievalMs: q.retrievalMs,
    });
    const status = result.stopReason === "abort" ? "cancelled" : "ok";
    await store(ctx, cell, { cold, status, answer: result.text, tokenTimes: result.tokenTimes, metrics, load: sampler.stop(), stopReason: result.stopReason });
    return "ok";
  } catch (err) {
    const message = (err as Error).message;
    const crashed = err instanceof WorkerExitedError;
    if (signal.aborted) {
      // Cancelled, and the worker did not stop in time (killed): keep what it streamed.
      await store(ctx, cell, { cold, status: "cancelled", answer: partial, stopReason: "abort" });
    } else {
      await store(ctx, cell, { cold, status: "failed", answer: partial, error: message });
      if (crashed) emitRunEvent(ctx.runId, { type: "model", model: cell.model, repetition: cell.repetition, state: "failed", error: message });
    }
    return crashed ? "crashed" : "ok";
  }
}

/** Runs `todo` (this model's missing cells of one repetition) to the end, or until the run is cancelled. */
export async function runModel(ctx: ModelRunCtx, model: string, repetition: number, entry: ModelEntry | undefined, todo: RunQuestion[]): Promise<void> {
  // A model on a remote endpoint (remote:<endpoint>/<model>): same cells, answered over HTTP (lib/remote/).
  if (isRemoteRef(model)) return runRemoteModel(ctx, model, repetition, todo, { store, failCells });
  if (!entry || !entry.valid) {
    const reason = entry ? `The model file cannot be used: ${entry.valid ? "" : entry.reason}` : `The model file ${model} is no longer in the models folder.`;
    return failCells(ctx, model, repetition, todo, reason);
  }
  let worker: ModelWorker | null = null;
  let loaded: Loaded | null = null;
  let cold = true;
  try {
    for (const q of todo) {
      if (ctx.signal.aborted) break;
      if (!loaded) {
        try {
          loaded = await startModel(ctx, entry, repetition, (w) => (worker = w));
          cold = true;
        } catch (err) {
          if (ctx.signal.aborted) break;
          const reason = `The model could not be loaded: ${(err as Error).message}`;
          emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "failed", error: reason });
          await failCells(ctx, model, repetition, todo, reason);
          break;
        }
      }
      const outcome = await runCell(ctx, entry, loaded, q, { questionId: q.id, model, repetition }, cold);
      cold = false;
      if (outcome === "crashed") loaded = null; // a fresh worker for the next question
    }
  } finally {
    const last = worker as ModelWorker | null;
    if (last?.alive) {
      await last.stop();
      emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "unloaded" });
    }
  }
}
