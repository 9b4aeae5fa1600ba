import "server-only";
import { generationMetrics } from "../../metrics/generation";
import { estimateMemoryBytes } from "../../models/estimate";
import { ModelWorker, WorkerExitedError } from "../../models/worker/model-worker";
import type { CellBackend, OpenModel } from "../types";
import { localEntry } from "../local-entry";

// A local GGUF in a node-llama-cpp worker process of its own: a model that crashes or hangs takes only its
// process down (lib/models/worker/). A crashed worker fails its cell; a fresh one takes the next.

export const nodeLlamaCppBackend: CellBackend = {
  async open(ctx, target) {
    const entry = localEntry(target);
    let worker: ModelWorker | null = null;
    try {
      worker = await ModelWorker.start({ stallMs: ctx.stallMs, signal: ctx.signal });
      const base = await worker.stats();
      const info = await worker.load(
        entry.path,
        { contextSize: ctx.settings.contextSize, threads: ctx.settings.threads },
        ctx.signal,
      );
      await ctx.onLlamaCpp(info.llamaCpp);
      return opened(
        worker,
        info.loadMs,
        base.rssBytes,
        estimateMemoryBytes(entry.facts, ctx.settings.contextSize),
        ctx.settings,
      );
    } catch (err) {
      if (worker?.alive) await worker.stop();
      throw err;
    }
  },
};

function opened(
  worker: ModelWorker,
  loadMs: number,
  baseRssBytes: number,
  estimateBytes: number,
  settings: { maxTokens: number; temperature: number; seed: number },
): OpenModel {
  return {
    loadMs,
    pid: worker.pid,
    async generate(q, cold, streams) {
      const result = await worker.generate(
        { prompt: q.prompt, maxTokens: settings.maxTokens, temperature: settings.temperature, seed: settings.seed },
        { signal: streams.signal, onPhase: streams.onPhase, onToken: (t, text, at) => streams.onText(text, t, at) },
      );
      const metrics = generationMetrics(result, result.text, {
        loadMs: cold ? loadMs : undefined,
        peakRssBytes: result.peakRssBytes,
        idleRssBytes: result.idleRssBytes,
        baseRssBytes,
        estimateBytes,
        embedMs: q.embedMs,
        retrievalMs: q.retrievalMs,
      });
      return { text: result.text, stopReason: result.stopReason, tokenTimes: result.tokenTimes, metrics };
    },
    describeFailure: (err) => (err as Error).message,
    afterFailure: (err) => (err instanceof WorkerExitedError ? { next: "reopen" } : { next: "continue" }),
    close: async () => {
      if (worker.alive) await worker.stop();
    },
  };
}
