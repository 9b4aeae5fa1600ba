// Descriptive statistics over samples, as the standard benchmark tools report them.

export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function mean(samples: number[]): number | null {
  return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : null;
}

/** Sample standard deviation (n - 1), as llama-bench reports it; null below two samples. */
export function stddev(samples: number[]): number | null {
  if (samples.length < 2) return null;
  const m = mean(samples)!;
  return Math.sqrt(samples.reduce((a, x) => a + (x - m) ** 2, 0) / (samples.length - 1));
}

export type Summary = { n: number; mean: number | null; sd: number | null; p50: number | null; p90: number | null; min: number | null; max: number | null };

export function summarize(samples: (number | null | undefined)[]): Summary {
  const xs = samples.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return {
    n: xs.length, mean: mean(xs), sd: stddev(xs), p50: percentile(xs, 50), p90: percentile(xs, 90),
    min: xs.length ? Math.min(...xs) : null, max: xs.length ? Math.max(...xs) : null,
  };
}
