import { mulberry32, seededRandom } from "../random";

// Percentile bootstrap of a mean (Efron): resample with replacement, take the 2.5th and 97.5th percentile of
// the resampled means. Seeded, so the same figures give the same interval on every page load.

export function bootstrapMean(samples: number[], rounds = 1000, seed: string | number = "bootstrap"): { mean: number; lo: number; hi: number; n: number } | null {
  const n = samples.length;
  if (n === 0) return null;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const rand = typeof seed === "number" ? mulberry32(seed) : seededRandom(seed);
  const means: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += samples[Math.floor(rand() * n)];
    means.push(sum / n);
  }
  means.sort((a, b) => a - b);
  return { mean, lo: means[Math.floor(0.025 * (rounds - 1))], hi: means[Math.ceil(0.975 * (rounds - 1))], n };
}
