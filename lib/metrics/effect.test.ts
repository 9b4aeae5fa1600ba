import { describe, expect, it } from "vitest";
import { percentile } from "./stats";
import { answersNeeded, independentEffect, pairedEffect } from "./effect";
import { seededRandom } from "../random";

describe("effect", () => {
  it("is the ratio of the medians (odd and even counts) and the difference of the means", () => {
    expect(pairedEffect("ratio", [4, 1, 3, 2], [1, 1, 1, 1], "s")!.value).toBe(2.5);
    expect(pairedEffect("ratio", [5, 1, 3], [2, 2, 2], "s")!.value).toBe(1.5);
    expect(pairedEffect("difference", [0.5, 0.7], [0.2, 0.2], "s")!.value).toBeCloseTo(0.4, 10);
  });

  it("draws every resample's median as a sort would", () => {
    const rand = seededRandom("m");
    for (const n of [1, 2, 7, 50, 51]) {
      const x = Array.from({ length: n }, () => Math.round(rand() * 20));
      const e = independentEffect(
        "ratio",
        x.map((v) => v + 1),
        [1],
        "s",
        50,
      )!;
      expect(e.value).toBe(percentile(x, 50)! + 1);
      // The interval of a median lies within the sample's own range.
      expect(e.lo).toBeGreaterThanOrEqual(Math.min(...x) + 1);
      expect(e.hi).toBeLessThanOrEqual(Math.max(...x) + 1);
    }
  });

  it("asks for more answers the closer the effect sits to no difference, and for none it cannot tell", () => {
    const base = { kind: "ratio" as const, value: 1.2, lo: 0.95, hi: 1.5, n: 10 };
    const near = answersNeeded({ ...base, value: 1.1 })!;
    expect(answersNeeded(base)!).toBeLessThan(near);
    expect(answersNeeded({ ...base, value: 1 })).toBeNull();
  });
});
