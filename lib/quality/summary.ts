import type { GenerationView } from "../runs/types";
import { seededRandom } from "./bradley-terry";
import { QUALITY_KEYS, type QualityScores } from "./scores-meta";

// Per-model quality as the run page shows it: the mean of each score over the model's scored answers, with a
// 95% bootstrap interval of that mean (answers resampled with replacement, 200 rounds, seeded), so two models
// whose intervals overlap are not read as different. Browser-safe and pure.

export type MeanInterval = { mean: number | null; ci95: [number, number] | null; n: number };
export type ModelQuality = { model: string; scores: Record<keyof QualityScores, MeanInterval> };

export function bootstrapMean(values: number[], rounds = 200, seed = 7): MeanInterval {
  const n = values.length;
  if (n === 0) return { mean: null, ci95: null, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { mean, ci95: null, n };
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += values[Math.floor(random() * n)];
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return { mean, ci95: [means[Math.floor(0.025 * (rounds - 1))], means[Math.ceil(0.975 * (rounds - 1))]], n };
}

export function summarizeQuality(models: string[], generations: GenerationView[]): ModelQuality[] {
  return models.map((model) => {
    const scored = generations.filter((g) => g.model === model && g.status === "ok" && g.quality).map((g) => g.quality!);
    const scores = Object.fromEntries(QUALITY_KEYS.map((k) => [k, bootstrapMean(scored.map((q) => q[k]))])) as ModelQuality["scores"];
    return { model, scores };
  });
}

export type ParetoPoint = { model: string; speed: number; quality: number };

/** The points no other point beats on both speed and quality (higher is better on both axes). */
export function paretoFront(points: ParetoPoint[]): ParetoPoint[] {
  return points
    .filter((p) => !points.some((o) => o !== p && o.speed >= p.speed && o.quality >= p.quality && (o.speed > p.speed || o.quality > p.quality)))
    .sort((x, y) => x.speed - y.speed);
}
