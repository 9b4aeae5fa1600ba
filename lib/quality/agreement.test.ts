import { describe, expect, it } from "vitest";
import { agreement, cohensKappa, oriented } from "./agreement";

describe("judge agreement with people", () => {
  it("gives kappa 1 for perfect agreement and about 0 for agreement no better than chance", () => {
    expect(
      cohensKappa([
        ["first", "first"],
        ["second", "second"],
        ["tie", "tie"],
      ]),
    ).toBe(1);
    // Both raters say "first" half the time, independently: observed 0.5 = expected 0.5.
    expect(
      cohensKappa([
        ["first", "first"],
        ["first", "second"],
        ["second", "first"],
        ["second", "second"],
      ]),
    ).toBeCloseTo(0, 9);
    expect(cohensKappa([])).toBeNull();
  });

  it("matches a judge's verdict to a vote on the same pair whichever side each saw first", () => {
    const human = [oriented(1, "m1", "m2", "a"), oriented(2, "m2", "m1", "b"), oriented(3, "m1", "m2", "both_bad")];
    const judge = [oriented(1, "m2", "m1", "b"), oriented(2, "m1", "m2", "b"), oriented(3, "m2", "m1", "tie")];
    const result = agreement(human, judge);
    expect(result.n).toBe(3);
    expect(result.rate).toBeCloseTo(2 / 3, 9); // question 2: the human picked m1, the judge m2
  });
});
