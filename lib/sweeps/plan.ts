import { computeBufferBytes } from "../models/estimate";
import type { ModelFacts } from "../models/gguf/inspect";
import { sweepConfigs, type SweepConfig, type SweepSettings } from "./settings";
import type { SweepSkip } from "./types";

// Which points of a model a sweep measures, and why it skips the others, decided before loading it: past the
// model's trained context, more memory than the machine has free, or a combination llama.cpp refuses.

/** Bytes per value of each KV cache type, relative to f16 (Q8_0: 34 bytes per 32 values, Q4_0: 18). */
const KV_FACTOR = { f16: 1, q8_0: 34 / 64, q4_0: 18 / 64 } as const;
/** Memory kept free for the server, the database and the page. */
const MEMORY_HEADROOM = 0.9;

export type PlannedPoint = { depth: number; config: SweepConfig };

const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;

export function planModel(
  file: string,
  facts: Pick<
    ModelFacts,
    "weightsBytes" | "kvBytesPerToken" | "computeBytes" | "computeBytesPerToken" | "contextLength"
  >,
  s: Pick<SweepSettings, "depths" | "pp" | "tg" | "threads" | "kvCacheTypes" | "flashAttention">,
  availableBytes: number,
): { points: PlannedPoint[]; skipped: SweepSkip[] } {
  const points: PlannedPoint[] = [];
  const skipped: SweepSkip[] = [];
  for (const config of sweepConfigs(s)) {
    if (config.kvCacheType !== "f16" && !config.flashAttention) {
      for (const depth of s.depths)
        skipped.push({
          model: file,
          depth,
          config,
          reason: `llama.cpp keeps a ${config.kvCacheType} V cache only with flash attention: add flash attention "on" to the sweep.`,
        });
      continue;
    }
    for (const depth of s.depths) {
      const tokens = depth + s.pp + s.tg;
      if (facts.contextLength && tokens > facts.contextLength) {
        skipped.push({
          model: file,
          depth,
          config,
          reason: `depth ${depth} + ${s.pp} + ${s.tg} = ${tokens} tokens passes the model's trained context of ${facts.contextLength}.`,
        });
        continue;
      }
      const need =
        facts.weightsBytes +
        facts.kvBytesPerToken * KV_FACTOR[config.kvCacheType] * tokens +
        computeBufferBytes(facts, tokens);
      if (need > availableBytes * MEMORY_HEADROOM) {
        skipped.push({
          model: file,
          depth,
          config,
          reason: `needs about ${gb(need)} (weights, KV cache at ${tokens} tokens, buffers); ${gb(availableBytes)} is free.`,
        });
        continue;
      }
      points.push({ depth, config });
    }
  }
  return { points, skipped };
}
