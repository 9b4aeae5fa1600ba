import { seededRandom } from "../random";

// How much two samples differ, with a percentile-bootstrap 95% interval (Efron): a ratio of medians for rates,
// times and memory (skewed, never negative: the pages show medians), a difference of means for scores in [0, 1]
// (a ratio of two small scores explodes). Paired when both samples answer the same questions in the same
// order (resampling the questions keeps each pair together, which removes the questions' own spread); two
// independent resamples otherwise (two runs). Seeded: the same figures give the same interval on every load.

export type EffectKind = "ratio" | "difference";
export type Effect = { kind: EffectKind; value: number; lo: number; hi: number; n: number };

/** Rounds per interval: the 2.5th/97.5th percentiles settle to about ±1 % by 400, and a page redraws fast. */
export const EFFECT_ROUNDS = 400;

/** The k-th smallest of xs[0..n) (Hoare's selection, in place): the median without sorting every resample. */
function select(xs: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i++] = xs[j];
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return xs[k];
}

function median(xs: Float64Array, n: number): number {
  const mid = n >> 1;
  const upper = select(xs, n, mid);
  if (n % 2) return upper;
  // Everything before mid is now ≤ xs[mid]: the lower middle is the largest of them.
  let lower = xs[0];
  for (let i = 1; i < mid; i++) if (xs[i] > lower) lower = xs[i];
  return (lower + upper) / 2;
}
function mean(xs: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  return s / n;
}

/** x against y: median(x) / median(y), or mean(x) − mean(y). NaN when a ratio's denominator is zero. */
function statistic(kind: EffectKind, x: Float64Array, nx: number, y: Float64Array, ny: number): number {
  return kind === "ratio" ? median(x, nx) / median(y, ny) : mean(x, nx) - mean(y, ny);
}

/** The statistic over `rounds` resamples (`draw` fills the resample and computes it), then the percentile interval. */
function bootstrapEffect(kind: EffectKind, point: number, n: number, rounds: number, draw: () => number) {
  const values: number[] = [];
  for (let r = 0; r < rounds; r++) values.push(draw());
  return interval(values, point, kind, n);
}

function interval(values: number[], point: number, kind: EffectKind, n: number): Effect | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!Number.isFinite(point) || finite.length < values.length * 0.9) return null;
  const r = finite.length - 1;
  return { kind, value: point, lo: finite[Math.floor(0.025 * r)], hi: finite[Math.ceil(0.975 * r)], n };
}

/** x against y where x[i] and y[i] answer the same question: the questions are resampled. */
export function pairedEffect(
  kind: EffectKind,
  x: number[],
  y: number[],
  seed: string,
  rounds = EFFECT_ROUNDS,
): Effect | null {
  const n = Math.min(x.length, y.length);
  if (n === 0) return null;
  const rand = seededRandom(seed);
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  const point = statistic(kind, Float64Array.from(x), n, Float64Array.from(y), n);
  return bootstrapEffect(kind, point, n, rounds, () => {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rand() * n);
      rx[i] = x[j];
      ry[i] = y[j];
    }
    return statistic(kind, rx, n, ry, n);
  });
}

/** x against y from unrelated answers (two runs): each sample is resampled on its own. */
export function independentEffect(
  kind: EffectKind,
  x: number[],
  y: number[],
  seed: string,
  rounds = EFFECT_ROUNDS,
): Effect | null {
  if (x.length === 0 || y.length === 0) return null;
  const rand = seededRandom(seed);
  const rx = new Float64Array(x.length);
  const ry = new Float64Array(y.length);
  const point = statistic(kind, Float64Array.from(x), x.length, Float64Array.from(y), y.length);
  return bootstrapEffect(kind, point, Math.min(x.length, y.length), rounds, () => {
    for (let i = 0; i < x.length; i++) rx[i] = x[Math.floor(rand() * x.length)];
    for (let i = 0; i < y.length; i++) ry[i] = y[Math.floor(rand() * y.length)];
    return statistic(kind, rx, x.length, ry, y.length);
  });
}

const POWER_80 = ((1.96 + 0.84) / 1.96) ** 2;

/** The value meaning "no difference": 1 for a ratio, 0 for a difference. */
export const noEffect = (kind: EffectKind) => (kind === "ratio" ? 1 : 0);

/**
 * How many answers per model would tell this effect from "no difference" 4 times in 5, if it stays as measured:
 * the interval narrows as 1/√n (ratios on a log scale), and 80 % power needs ((1.96 + 0.84) / 1.96)² ≈ 2 times
 * the n at which the half-width equals the effect. Null when no practical number would (over 20 times as many).
 */
export function answersNeeded(e: Effect): number | null {
  const log = e.kind === "ratio";
  if (log && (e.lo <= 0 || e.value <= 0)) return null;
  const at = (v: number) => (log ? Math.log(v) : v);
  const half = (at(e.hi) - at(e.lo)) / 2;
  const effect = Math.abs(at(e.value) - at(noEffect(e.kind)));
  if (effect === 0) return null;
  const needed = Math.ceil(e.n * (half / effect) ** 2 * POWER_80);
  return needed > e.n * 20 ? null : Math.max(needed, e.n + 1);
}
