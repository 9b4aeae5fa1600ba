import { mulberry32, seededRandom } from "../random";

// Percentile bootstrap (Efron): resample with replacement, compute the statistic on each resample, and take
// the 2.5th and 97.5th percentile of those. Seeded, so the same figures give the same interval on every load.

export type BootstrapInterval = { value: number; lo: number; hi: number; n: number };

export function bootstrap(
  samples: number[],
  statistic: (resample: number[]) => number,
  rounds = 1000,
  seed: string | number = "bootstrap",
): BootstrapInterval | null {
  const n = samples.length;
  if (n === 0) return null;
  const rand = typeof seed === "number" ? mulberry32(seed) : seededRandom(seed);
  const values: number[] = [];
  const resample = new Array<number>(n);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < n; i++) resample[i] = samples[Math.floor(rand() * n)];
    values.push(statistic(resample));
  }
  values.sort((a, b) => a - b);
  return {
    value: statistic(samples),
    lo: values[Math.floor(0.025 * (rounds - 1))],
    hi: values[Math.ceil(0.975 * (rounds - 1))],
    n,
  };
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The mean with its bootstrap 95% interval. */
export function bootstrapMean(
  samples: number[],
  rounds = 1000,
  seed: string | number = "bootstrap",
): { mean: number; lo: number; hi: number; n: number } | null {
  const b = bootstrap(samples, meanOf, rounds, seed);
  return b && { mean: b.value, lo: b.lo, hi: b.hi, n: b.n };
}
