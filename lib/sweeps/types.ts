import type { SweepSettings, SweepConfig } from "./settings";
import type { CellLoad } from "../system/load-types";

// What a sweep stores and GET /api/sweeps/:id returns. Browser-safe (types only).

export type Interval = { lo: number; hi: number; n: number };

export type SweepPoint = SweepConfig & {
  model: string;
  depth: number;
  pp: number;
  tg: number;
  /** Mean over the repetitions, with a bootstrap 95% interval of that mean. */
  ppTokensPerSecond: number;
  ppInterval: Interval | null;
  tgTokensPerSecond: number;
  tgInterval: Interval | null;
  /** Per repetition, tokens per second. */
  ppSamples: number[];
  tgSamples: number[];
  /** Measured: llama.cpp's own state of the sequence once filled to `depth` (llama_state_get_size): K and V of every cell held. */
  kvCacheBytes: number;
  /** Measured: the KV cache llama.cpp allocated for this context (its "llama_kv_cache: size = …" report), all caches summed. */
  kvAllocatedBytes: number | null;
  /** KV cells llama.cpp allocated: the full cache, and the sliding-window cache when the architecture has one. */
  kvCells: { full: number; swa: number | null } | null;
  /** What the header predicts for `depth` tokens if every layer kept every token (f16: per-token bytes × depth). */
  kvEstimateBytes: number;
  contextSize: number;
  /** Filling the context to `depth`, once per point (not part of the rates). */
  fillMs: number;
  /** Most resident memory of the worker while measuring this point. */
  peakRssBytes: number;
  /** What else the machine was doing meanwhile; null off Linux. */
  load: CellLoad | null;
};

export type SweepSkip = { model: string; depth?: number; config?: SweepConfig; reason: string };

export type SweepStatus = "queued" | "running" | "done" | "failed" | "cancelled" | "interrupted";

export type SweepModel = {
  file: string;
  sha256: string | null;
  sizeBytes: number;
  architecture: string;
  kvBytesPerToken: number;
  slidingWindow: number | null;
  /** Whether llama.cpp's code for this architecture applies the sliding window (lib/models/sliding-window.ts). */
  slidingWindowApplied: boolean;
  contextLength: number | null;
  standin: boolean;
  demo: boolean;
  loadMs?: number;
  idleRssBytes?: number;
};

export type SweepMachine = {
  llamaCpp: string;
  nodeLlamaCpp: string;
  backend: string;
  cpus: number;
  totalMemoryBytes: number;
};

export type SweepView = {
  id: string;
  status: SweepStatus;
  createdAt: string;
  finishedAt: string | null;
  settings: SweepSettings;
  models: SweepModel[];
  points: SweepPoint[];
  skipped: SweepSkip[];
  progress: { done: number; total: number; current: string | null };
  machine: SweepMachine | null;
  error: string | null;
};
