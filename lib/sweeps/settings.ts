import { z } from "zod";

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

const oneOrMany = <T extends z.ZodType>(item: T, max: number) =>
  z.union([item, z.array(item).min(1).max(max)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

export const sweepRequestSchema = z
  .object({
    models: z
      .array(z.string().min(1).max(500))
      .min(1, "Pick at least one model.")
      .max(LIMITS.models, `At most ${LIMITS.models} models in one sweep.`),
    depths: z.array(z.number().int().min(0).max(LIMITS.depth)).min(1).max(LIMITS.depths).default(DEFAULT_DEPTHS),
    pp: z.number().int().min(1).max(LIMITS.pp).default(512),
    tg: z.number().int().min(1).max(LIMITS.tg).default(128),
    threads: oneOrMany(z.number().int().min(1).max(LIMITS.threads), 6).optional(),
    kvCacheType: oneOrMany(z.enum(KV_CACHE_TYPES), 3).default(["f16"]),
    flashAttention: oneOrMany(z.boolean(), 2).default([false]),
    repetitions: z.number().int().min(1).max(LIMITS.repetitions).default(3),
    gpu: z.enum(["cpu", "auto"]).default("cpu"),
  })
  .strict();

export type SweepRequest = z.input<typeof sweepRequestSchema>;

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

const uniqueSorted = <T extends number | string | boolean>(xs: T[]) =>
  [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function normalizeSweep(parsed: z.output<typeof sweepRequestSchema>, defaultThreads: number): SweepSettings {
  return {
    models: [...new Set(parsed.models)],
    depths: uniqueSorted(parsed.depths),
    pp: parsed.pp,
    tg: parsed.tg,
    threads: uniqueSorted(parsed.threads ?? [defaultThreads]),
    kvCacheTypes: KV_CACHE_TYPES.filter((t) => parsed.kvCacheType.includes(t)),
    flashAttention: uniqueSorted(parsed.flashAttention),
    repetitions: parsed.repetitions,
    gpu: parsed.gpu,
  };
}

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
