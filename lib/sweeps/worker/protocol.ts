import type { GpuFound } from "../../models/worker/protocol";
import type { SweepConfig } from "../settings";

// The methods of a sweep worker (./child.ts): one process per model, as for runs, so a file that crashes
// llama.cpp ends only this process, and its resident memory is the model's own.

export type SweepLoadParams = { modelPath: string; gpu: "cpu" | "auto" };

export type SweepLoaded = {
  loadMs: number;
  idleRssBytes: number;
  trainContextSize: number;
  /** node-llama-cpp's reading of the window llama.cpp applies (null: none). */
  swaSize: number | null;
  llamaCpp: string;
  nodeLlamaCpp: string;
  backend: GpuFound["backend"];
};

export type MeasureParams = SweepConfig & { depth: number; pp: number; tg: number; repetitions: number };

export type Measured = {
  contextSize: number;
  fillMs: number;
  ppMs: number[];
  tgMs: number[];
  kvCacheBytes: number;
  kvAllocatedBytes: number | null;
  kvCells: { full: number; swa: number | null } | null;
  peakRssBytes: number;
};

export type MeasureProgress = { step: "context" | "fill" | "warm-up" | "pp" | "tg"; repetition?: number };

export type SweepWorkerProtocol = {
  load: { params: SweepLoadParams; result: SweepLoaded };
  measure: { params: MeasureParams; result: Measured; progress: MeasureProgress };
};
