// A sweep's settings: llama-bench's -p/-n/-d semantics (prompt processing of `pp` tokens, and generation of `tg`
// tokens, after a context already filled to `depth`) over the axes depth × threads × KV cache type × flash
// attention, per model. Browser-safe: the sweep form reads the defaults and limits from here.

export const KV_CACHE_TYPES = ["f16", "q8_0", "q4_0"] as const;
export type KvCacheType = (typeof KV_CACHE_TYPES)[number];

export const DEFAULT_DEPTHS = [0, 512, 2048, 4096, 8192];
export const LIMITS = {
  models: 6,
  depths: 12,
  depth: 262_144,
  pp: 8192,
  tg: 2048,
  repetitions: 10,
  threads: 256,
  points: 120,
} as const;

/** Settings as stored: every axis a sorted list without repeats, threads resolved. */
export type SweepSettings = {
  models: string[];
  depths: number[];
  pp: number;
  tg: number;
  threads: number[];
  kvCacheTypes: KvCacheType[];
  flashAttention: boolean[];
  repetitions: number;
  gpu: "cpu" | "auto";
};

/** One configuration of a model's context: a sweep measures every depth under each. */
export type SweepConfig = { threads: number; kvCacheType: KvCacheType; flashAttention: boolean };

export function sweepConfigs(s: Pick<SweepSettings, "threads" | "kvCacheTypes" | "flashAttention">): SweepConfig[] {
  return s.threads.flatMap((threads) =>
    s.kvCacheTypes.flatMap((kvCacheType) =>
      s.flashAttention.map((flashAttention) => ({ threads, kvCacheType, flashAttention })),
    ),
  );
}

export const pointCount = (s: SweepSettings) => s.models.length * s.depths.length * sweepConfigs(s).length;

export const configLabel = (c: SweepConfig) =>
  `${c.threads} thr · KV ${c.kvCacheType}${c.flashAttention ? " · flash attn" : ""}`;
