import { percentile as maybePercentile } from "../../lib/metrics/stats";

// The product's own statistics (lib/metrics/stats.ts), as plain numbers for benchmark output.
export const percentile = (samples: number[], p: number): number => maybePercentile(samples, p) ?? NaN;
export const median = (samples: number[]) => percentile(samples, 50);
export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
