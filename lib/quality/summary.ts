import type { GenerationView } from "../runs/types";
import { bootstrapMean as meanWithInterval } from "../metrics/bootstrap";
import { QUALITY_KEYS, type QualityScores } from "./scores-meta";

// Per-model quality as the run page shows it: the mean of each score over the model's scored answers, with a
// 95% bootstrap interval of that mean (answers resampled with replacement, 200 rounds, seeded), so two models
// whose intervals overlap are not read as different. Browser-safe and pure.

export type MeanInterval = { mean: number | null; ci95: [number, number] | null; n: number };
export type ModelQuality = { model: string; scores: Record<keyof QualityScores, MeanInterval> };

export function bootstrapMean(values: number[], rounds = 200, seed = 7): MeanInterval {
  const b = meanWithInterval(values, rounds, seed);
  if (!b) return { mean: null, ci95: null, n: 0 };
  // One answer has no spread to resample.
  return { mean: b.mean, ci95: b.n > 1 ? [b.lo, b.hi] : null, n: b.n };
}

export function summarizeQuality(models: string[], generations: GenerationView[]): ModelQuality[] {
  return models.map((model) => {
    const scored = generations
      .filter((g) => g.model === model && g.status === "ok" && g.quality)
      .map((g) => g.quality!);
    const scores = Object.fromEntries(
      QUALITY_KEYS.map((k) => [k, bootstrapMean(scored.map((q) => q[k]))]),
    ) as ModelQuality["scores"];
    return { model, scores };
  });
}

export type ParetoPoint = { model: string; speed: number; quality: number };

/** The points no other point beats on both speed and quality (higher is better on both axes). */
export function paretoFront(points: ParetoPoint[]): ParetoPoint[] {
  return points
    .filter(
      (p) =>
        !points.some(
          (o) =>
            o !== p && o.speed >= p.speed && o.quality >= p.quality && (o.speed > p.speed || o.quality > p.quality),
        ),
    )
    .sort((x, y) => x.speed - y.speed);
}
