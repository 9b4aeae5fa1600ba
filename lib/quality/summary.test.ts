import { describe, expect, it } from "vitest";
import { bootstrapMean, paretoFront } from "./summary";

describe("per-model quality summary", () => {
  it("gives a mean with a 95% interval that holds it and narrows with more answers", () => {
    const few = bootstrapMean([0.2, 0.8, 0.5, 0.6]);
    const many = bootstrapMean(Array.from({ length: 64 }, (_, i) => [0.2, 0.8, 0.5, 0.6][i % 4]));
    expect(few.mean).toBeCloseTo(0.525, 9);
    expect(few.ci95![0]).toBeLessThanOrEqual(0.525);
    expect(few.ci95![1]).toBeGreaterThanOrEqual(0.525);
    expect(many.ci95![1] - many.ci95![0]).toBeLessThan((few.ci95![1] - few.ci95![0]) / 2);
    expect(bootstrapMean([])).toEqual({ mean: null, ci95: null, n: 0 });
  });

  it("marks as the Pareto front only models no other beats on both speed and quality", () => {
    const front = paretoFront([
      { model: "fast-poor", speed: 100, quality: 0.2 },
      { model: "slow-good", speed: 10, quality: 0.9 },
      { model: "dominated", speed: 50, quality: 0.1 },
      { model: "middle", speed: 60, quality: 0.5 },
    ]);
    expect(front.map((p) => p.model)).toEqual(["slow-good", "middle", "fast-poor"]);
  });
});
