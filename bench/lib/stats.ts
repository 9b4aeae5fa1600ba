import { percentile as maybePercentile } from "../../lib/metrics/stats";
import { bootstrap } from "../../lib/metrics/bootstrap";

// The product's own statistics (lib/metrics/stats.ts), as plain numbers for benchmark output.
export const percentile = (samples: number[], p: number): number => maybePercentile(samples, p) ?? NaN;
export const median = (samples: number[]) => percentile(samples, 50);
export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export type RatioInterval = { ratio: number; low: number; high: number; rounds: number };

/**
 * The ratio a/b of two engines measured in alternating rounds, as the median of the per-round ratios, with a
 * percentile bootstrap 95% interval over rounds (paired: round i of a with round i of b, so slow spells on
 * the shared machine hit both sides of a ratio alike).
 */
export function ratioInterval(a: number[], b: number[], resamples = 4000, seed = 1): RatioInterval {
  const ratios = a.map((x, i) => x / b[i]).filter((r) => Number.isFinite(r));
  const iv = bootstrap(ratios, median, resamples, seed);
  if (!iv) return { ratio: NaN, low: NaN, high: NaN, rounds: 0 };
  return { ratio: round(iv.value), low: round(iv.lo), high: round(iv.hi), rounds: iv.n };
}

export const formatInterval = (r: RatioInterval) =>
  `${r.ratio.toFixed(3)} [${r.low.toFixed(3)}, ${r.high.toFixed(3)}] (n=${r.rounds})`;
