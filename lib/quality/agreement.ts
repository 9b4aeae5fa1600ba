// How far a judge agrees with people: over the pairs both have judged, the share where their verdicts match
// (agreement rate) and Cohen's kappa, which discounts the agreement two raters would reach by chance given how
// often each says "first", "second" or "tie". Verdicts are oriented to the pair's models in name order, so
// "first" means the same model for both raters. "Both bad" counts as a tie, as in the ratings. Browser-safe.

import { pairId } from "./arena-pairs";

export type Verdict = "first" | "second" | "tie";
export type PairVerdict = { key: string; verdict: Verdict };

export function cohensKappa(pairs: [Verdict, Verdict][]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const categories: Verdict[] = ["first", "second", "tie"];
  const observed = pairs.filter(([x, y]) => x === y).length / n;
  const expected = categories.reduce(
    (sum, c) => sum + (pairs.filter(([x]) => x === c).length / n) * (pairs.filter(([, y]) => y === c).length / n),
    0,
  );
  if (expected === 1) return observed === 1 ? 1 : 0;
  return (observed - expected) / (1 - expected);
}

/** Agreement over the keys both have; a key with several human votes counts each vote. */
export function agreement(
  human: PairVerdict[],
  judge: PairVerdict[],
): { n: number; rate: number | null; kappa: number | null } {
  const byKey = new Map(judge.map((j) => [j.key, j.verdict]));
  const pairs = human.flatMap((h): [Verdict, Verdict][] => (byKey.has(h.key) ? [[h.verdict, byKey.get(h.key)!]] : []));
  const n = pairs.length;
  return { n, rate: n ? pairs.filter(([x, y]) => x === y).length / n : null, kappa: cohensKappa(pairs) };
}

/** A verdict on models x and y ("a": x won) as seen from the pair in name order. */
export function oriented(
  questionId: number,
  x: string,
  y: string,
  winner: "a" | "b" | "tie" | "both_bad",
): PairVerdict {
  const flipped = x > y;
  const key = pairId(questionId, x, y);
  if (winner === "tie" || winner === "both_bad") return { key, verdict: "tie" };
  const firstWon = (winner === "a") !== flipped;
  return { key, verdict: firstWon ? "first" : "second" };
}
