import { describe, expect, it } from "vitest";
import { niceScale, spreadLabels, tickText } from "./nice-scale";

describe("nice axis scales", () => {
  it("gives round ticks, not the data's own extremes (the issue's 3.92 / 28 / 52)", () => {
    const s = niceScale([3.92, 52], 4);
    expect(s.ticks).toEqual([0, 20, 40, 60]);
    expect(s.ticks.map((t) => tickText(t, s.ticks))).toEqual(["0", "20", "40", "60"]);
  });

  it("keeps a score inside [0, 1]: no −0.02 below a 0–1 score", () => {
    const s = niceScale([0.02, 0.07], 4, [0, 1]);
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.ticks.every((t) => t >= 0 && t <= 1)).toBe(true);
    expect(s.ticks.map((t) => tickText(t, s.ticks))).toEqual(["0.00", "0.02", "0.04", "0.06", "0.08"]);
    const full = niceScale([0, 1], 4, [0, 1]);
    expect(full.ticks[0]).toBe(0);
    expect(full.ticks.at(-1)).toBe(1);
  });

  it("gives one value room on both sides", () => {
    const s = niceScale([1500], 4);
    expect(s.min).toBeLessThan(1500);
    expect(s.max).toBeGreaterThan(1500);
  });
});

describe("point labels", () => {
  it("spreads labels that would overlap, and keeps them inside the plot", () => {
    const ys = spreadLabels([100, 104, 102, 30], 12, 20, 110);
    const sorted = [...ys].sort((a, b) => a - b);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k] - sorted[k - 1]).toBeGreaterThanOrEqual(12);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...ys)).toBeLessThanOrEqual(110);
    expect(ys[3]).toBe(30); // a label with room stays where it was
  });
});
