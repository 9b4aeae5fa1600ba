import { describe, expect, it } from "vitest";
import { contentWords, groundedness, referenceF1 } from "./content-overlap";

describe("content-word overlap", () => {
  it("keeps content words and drops stop words and short words", () => {
    expect(contentWords("People like that the battery lasts for weeks.")).toEqual([
      "like",
      "battery",
      "lasts",
      "weeks",
    ]);
  });

  it("scores an answer copied from the context at 1 and an unrelated one at 0", () => {
    const context = ["Love it. Honestly, the battery lasts for weeks.", "Great buy. The screen is sharp."];
    expect(groundedness("The battery lasts for weeks and the screen is sharp.", context)).toBe(1);
    expect(groundedness("Bananas orbit quietly.", context)).toBe(0);
    expect(groundedness("The battery is purple.", context)).toBeCloseTo(1 / 2);
    expect(groundedness("", context)).toBe(0);
  });

  it("gives F1 against a reference", () => {
    expect(referenceF1("battery lasts weeks", "battery lasts weeks")).toBe(1);
    expect(referenceF1("battery dies", "battery lasts weeks")).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3));
    expect(referenceF1("nothing", "battery")).toBe(0);
  });
});
