import { describe, expect, it } from "vitest";
import { kappaWithInterval, pairwiseTrust, pearson, selfConsistency, verdictTrust } from "./trust";

describe("trust in a judge", () => {
  it("counts order flips, and a judge that always picks the first answer agrees across orders no better than chance", () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      firstOrder: "a" as const, // a shown first: picks a
      secondOrder: "b" as const, // b shown first: picks b
      lengthA: 10 + i,
      lengthB: 10,
    }));
    const t = pairwiseTrust(rows);
    expect(t).toMatchObject({ both: 20, flips: 20, flipRate: 1 });
    expect(t.orderKappa.kappa!).toBeLessThanOrEqual(0);
    expect(verdictTrust({ parseRate: 1, outputs: 20, orderKappa: t.orderKappa }).verdict).toBe(false);
  });

  it("finds length bias when the longer answer always wins", () => {
    const rows = Array.from({ length: 12 }, (_, i) => {
      const longerA = i % 2 === 0;
      return {
        firstOrder: longerA ? ("a" as const) : ("b" as const),
        secondOrder: longerA ? ("a" as const) : ("b" as const),
        lengthA: longerA ? 40 : 10,
        lengthB: longerA ? 10 : 40,
      };
    });
    const t = pairwiseTrust(rows);
    expect(t.flips).toBe(0);
    expect(t.lengthBias.r!).toBeGreaterThan(0.9);
    expect(t.orderKappa.kappa).toBe(1);
  });

  it("gives kappa an interval that contains it, and none for too few pairs", () => {
    const pairs = Array.from(
      { length: 30 },
      (_, i) => [i % 3 ? "first" : "second", i % 4 ? "first" : "second"] as ["first" | "second", "first" | "second"],
    );
    const k = kappaWithInterval(pairs);
    expect(k.ci95![0]).toBeLessThanOrEqual(k.kappa!);
    expect(k.ci95![1]).toBeGreaterThanOrEqual(k.kappa!);
    expect(kappaWithInterval(pairs.slice(0, 3)).ci95).toBeNull();
  });

  it("holds back a judge people contradict, one that cannot be read, and one that grades everything alike", () => {
    expect(
      verdictTrust({ parseRate: 1, outputs: 10, votes: { n: 30, rate: 0.1, kappa: -0.6, ci95: [-0.8, -0.3] } }).why[0],
    ).toMatch(/votes disagree/);
    expect(verdictTrust({ parseRate: 0.2, outputs: 10 }).why[0]).toMatch(/20 % of its replies/);
    expect(verdictTrust({ parseRate: 1, outputs: 10, distinctScores: 1 }).why[0]).toMatch(/same verdict or score/);
    expect(verdictTrust({ parseRate: 1, outputs: 10, distinctScores: 0, scored: 0 }).why[0]).toMatch(/no claims/);
    expect(verdictTrust({ parseRate: 1, outputs: 10, distinctScores: 4 }).verdict).toBe(true);
  });

  it("measures self-consistency and correlation", () => {
    expect(
      selfConsistency([
        [
          [4, 5, 3],
          [4, 5, 3],
        ],
        [
          [2, 2, 2],
          [3, 2, 2],
        ],
      ]),
    ).toEqual({ n: 2, same: 0.5, meanAbsDiff: 1 / 6 });
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(pearson([1, 1, 1], [2, 4, 6])).toBeNull();
  });
});
