import { z } from "zod";
import { KV_CACHE_TYPES, LIMITS, DEFAULT_DEPTHS, type SweepSettings } from "./settings";

// The body of POST /api/sweeps, checked: every problem named in one 400 (lib/validation.ts). Server side only, so
// the sweep form's bundle does not carry zod.

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
export type SweepRequestParsed = z.output<typeof sweepRequestSchema>;

const uniqueSorted = <T extends number | string | boolean>(xs: T[]) =>
  [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function normalizeSweep(parsed: SweepRequestParsed, defaultThreads: number): SweepSettings {
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
