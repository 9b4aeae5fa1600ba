import "server-only";
import { generationMetrics } from "../../metrics/generation";
import { estimateMemoryBytes } from "../../models/estimate";
import { ModelWorker, WorkerExitedError } from "../../models/worker/model-worker";
import type { BackendContext, CellBackend, LoadedReport, OpenModel } from "../types";
import { localEntry } from "../local-entry";
import { gpuOf, promptFormatOf } from "../../runs/run-options";
import { templateLabelStops } from "../../runs/label-stops";

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
        { contextSize: ctx.settings.contextSize, threads: ctx.settings.threads, gpu: gpuOf(ctx.settings) },
        ctx.signal,
      );
      const report = (r: Parameters<BackendContext["onLoaded"]>[1]) => ctx.onLoaded(target.model, r);
      await report({ llamaCpp: info.llamaCpp, device: info.device, chatTemplate: info.chatTemplate });
      return opened(worker, {
        loadMs: info.loadMs,
        baseRssBytes: base.rssBytes,
        estimateBytes: estimateMemoryBytes(entry.facts, ctx.settings.contextSize),
        settings: ctx.settings,
        report,
      });
    } catch (err) {
      if (worker?.alive) await worker.stop();
      throw err;
    }
  },
};

function opened(
  worker: ModelWorker,
  opts: {
    loadMs: number;
    baseRssBytes: number;
    estimateBytes: number;
    settings: BackendContext["settings"];
    report: (r: LoadedReport) => Promise<void>;
  },
): OpenModel {
  const { loadMs, baseRssBytes, estimateBytes, settings } = opts;
  let vramPeak = 0;
  return {
    loadMs,
    pid: worker.pid,
    async generate(q, cold, streams) {
      const result = await worker.generate(
        {
          prompt: q.prompt,
          format: promptFormatOf(settings),
          maxTokens: settings.maxTokens,
          temperature: settings.temperature,
          seed: settings.seed,
          stops: templateLabelStops(settings.promptTemplate),
        },
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
      if (result.vramPeakBytes > vramPeak) {
        vramPeak = result.vramPeakBytes;
        await opts.report({ vramPeakBytes: vramPeak });
      }
      return {
        text: result.text,
        stopReason: result.stopReason,
        tokenTimes: result.tokenTimes,
        metrics,
        prompt: result.prompt,
        promptFormat: result.format,
      };
    },
    describeFailure: (err) => (err as Error).message,
    afterFailure: (err) => (err instanceof WorkerExitedError ? { next: "reopen" } : { next: "continue" }),
    close: async () => {
      if (worker.alive) await worker.stop();
    },
  };
}
