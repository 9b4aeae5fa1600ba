// How far a judge can be trusted, from its own output: figures the page shows next to the judge's results, and
// the rule that keeps a judge no better than chance from being presented as a verdict. Browser-safe and pure.
//   order kappa       a pairwise verdict given with A first and again with B first: Cohen's kappa between the two
//                     (≤ 0: its verdicts follow the order or chance, not the answers)
//   length bias       Pearson r between a verdict (or grade) and the answer's length
//   agreement         Cohen's kappa with people's votes, or between two judges, with a bootstrap 95 % interval
//   self-consistency  the same answers graded twice: the share given the same grades

import { mulberry32 } from "../../random";
import { cohensKappa, type Verdict } from "../agreement";

export type Interval = [number, number];
export type KappaFigure = { n: number; rate: number | null; kappa: number | null; ci95: Interval | null };

/** Pearson correlation; null when fewer than 3 points or either side does not vary. */
export function pearson(xs: number[], ys: number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Cohen's kappa over paired verdicts, with a percentile bootstrap interval (pairs resampled, seeded). */
export function kappaWithInterval(pairs: [Verdict, Verdict][], rounds = 400, seed = 11): KappaFigure {
  const n = pairs.length;
  const kappa = cohensKappa(pairs);
  if (n === 0) return { n, rate: null, kappa: null, ci95: null };
  const rate = pairs.filter(([x, y]) => x === y).length / n;
  if (n < 5) return { n, rate, kappa, ci95: null };
  const random = mulberry32(seed);
  const draws: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sample = Array.from({ length: n }, () => pairs[Math.floor(random() * n)]);
    const k = cohensKappa(sample);
    if (k !== null) draws.push(k);
  }
  draws.sort((a, b) => a - b);
  const at = (p: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.round(p * (draws.length - 1))))];
  return { n, rate, kappa, ci95: draws.length ? [at(0.025), at(0.975)] : null };
}

/** Verdicts on (key) from two raters, paired over the keys both gave. */
export function paired(x: Map<string, Verdict>, y: Map<string, Verdict>): [Verdict, Verdict][] {
  return [...x].flatMap(([key, v]): [Verdict, Verdict][] => (y.has(key) ? [[v, y.get(key)!]] : []));
}

type Winner = "a" | "b" | "tie";
const asVerdict = (w: Winner): Verdict => (w === "a" ? "first" : w === "b" ? "second" : "tie");

/** One pairwise judgement in both orders, its winners written in terms of the pair's models a and b. */
export type BothOrders = { firstOrder: Winner | null; secondOrder: Winner | null; lengthA: number; lengthB: number };

export type PairwiseTrust = {
  /** Pairs with both orders parsed; of those, the ones whose winner changed with the order. */
  both: number;
  flips: number;
  flipRate: number | null;
  /** Kappa between the verdict with A first and with B first: chance-corrected consistency. */
  orderKappa: KappaFigure;
  /** r between "A won" (+1, −1 for B, 0 tie) and A's share of the two answers' length, over consistent verdicts. */
  lengthBias: { n: number; r: number | null };
};

export function pairwiseTrust(rows: BothOrders[]): PairwiseTrust {
  const both = rows.filter((r) => r.firstOrder !== null && r.secondOrder !== null);
  const flips = both.filter((r) => r.firstOrder !== r.secondOrder).length;
  const consistent = both.filter((r) => r.firstOrder === r.secondOrder);
  const decided = consistent.filter((r) => r.lengthA + r.lengthB > 0);
  return {
    both: both.length,
    flips,
    flipRate: both.length ? flips / both.length : null,
    orderKappa: kappaWithInterval(both.map((r) => [asVerdict(r.firstOrder!), asVerdict(r.secondOrder!)])),
    lengthBias: {
      n: decided.length,
      r: pearson(
        decided.map((r) => r.lengthA / (r.lengthA + r.lengthB)),
        decided.map((r) => (r.firstOrder === "a" ? 1 : r.firstOrder === "b" ? -1 : 0)),
      ),
    },
  };
}

/** The same answers graded twice: the share with identical grades, and the mean absolute difference. */
export function selfConsistency(pairs: [number[], number[]][]): {
  n: number;
  same: number | null;
  meanAbsDiff: number | null;
} {
  if (!pairs.length) return { n: 0, same: null, meanAbsDiff: null };
  const diffs = pairs.map(([x, y]) => x.reduce((s, v, i) => s + Math.abs(v - (y[i] ?? v)), 0) / Math.max(1, x.length));
  return {
    n: pairs.length,
    same: diffs.filter((d) => d === 0).length / pairs.length,
    meanAbsDiff: diffs.reduce((a, b) => a + b, 0) / pairs.length,
  };
}

export type TrustInput = {
  parseRate: number | null;
  outputs: number;
  /** Pairwise only: kappa between the two orders. */
  orderKappa?: KappaFigure;
  /** Against people's votes (pairwise verdicts, or the preference grades imply). */
  votes?: KappaFigure;
  /** How many distinct verdicts or scores it gave (1 means it does not tell answers apart). */
  distinctScores?: number;
  /** Replies that held a score (a claims reply with no claims holds none). */
  scored?: number;
};

/**
 * Whether the judge's results may be presented as a verdict, and if not, why. A judge is held back when most of
 * its replies did not parse, when its pairwise verdicts agree across the two orders no better than chance, when
 * people's votes disagree with it more than chance would (the whole interval below 0), when it gives every
 * answer or pair the same verdict (a judge that always says "tie" is perfectly consistent and says nothing), or
 * when its readable replies hold no score at all.
 */
export function verdictTrust(t: TrustInput): { verdict: boolean; why: string[] } {
  const why: string[] = [];
  if (t.outputs > 0 && (t.parseRate ?? 0) < 0.5)
    why.push(`only ${Math.round((t.parseRate ?? 0) * 100)} % of its replies could be read`);
  const ok = t.orderKappa;
  if (ok && ok.n >= 5 && ok.kappa !== null && ok.kappa <= 0)
    why.push(
      `its verdicts agree across the two orders no better than chance (κ = ${ok.kappa.toFixed(2)}, n = ${ok.n})`,
    );
  const v = t.votes;
  if (v?.ci95 && v.ci95[1] < 0)
    why.push(
      `people's votes disagree with it more than chance would (κ = ${v.kappa!.toFixed(2)}, 95 % interval ${v.ci95[0].toFixed(2)} to ${v.ci95[1].toFixed(2)})`,
    );
  if (t.distinctScores === 1 && t.outputs >= 5) why.push("it gave every answer the same verdict or score");
  if (t.scored === 0 && t.outputs >= 5 && (t.parseRate ?? 0) >= 0.5)
    why.push("none of its replies held a score (it found no claims)");
  return { verdict: why.length === 0, why };
}
