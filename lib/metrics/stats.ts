// Descriptive statistics over samples, as the standard benchmark tools report them. Rates, times and lengths
// are skewed and never negative, so the pages show the median with p10–p90 whiskers rather than mean ± sd
// (which drew bars below zero on a busy machine); mean and sd stay for the exports and llama-bench parity.

/** Linear-interpolated percentile (the "R-7" rule numpy and spreadsheets use); null for no samples. */
export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
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

/** Coefficient of variation (sd / mean): how noisy a figure is, independent of its scale; null when undefined. */
export function coefficientOfVariation(samples: number[]): number | null {
  const m = mean(samples);
  const sd = stddev(samples);
  return m === null || sd === null || m <= 0 ? null : sd / m;
}

export type Summary = {
  n: number;
  mean: number | null;
  sd: number | null;
  p10: number | null;
  p50: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
};

export function summarize(samples: (number | null | undefined)[]): Summary {
  const xs = samples.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return {
    n: xs.length,
    mean: mean(xs),
    sd: stddev(xs),
    p10: percentile(xs, 10),
    p50: percentile(xs, 50),
    p90: percentile(xs, 90),
    min: xs.length ? Math.min(...xs) : null,
    max: xs.length ? Math.max(...xs) : null,
  };
}

/** The median and its p10–p90 whisker, clamped at zero: the figures shown for a non-negative quantity. */
export function medianInterval(
  s: Pick<Summary, "p10" | "p50" | "p90">,
): { median: number; low: number; high: number } | null {
  if (s.p50 === null) return null;
  const median = Math.max(0, s.p50);
  return { median, low: Math.max(0, Math.min(median, s.p10 ?? median)), high: Math.max(median, s.p90 ?? median) };
}
