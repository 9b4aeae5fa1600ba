import { describe, expect, it } from "vitest";
import { ratioInterval } from "./stats";

describe("the bootstrap ratio interval", () => {
  it("is the median per-round ratio, inside an interval that holds it", () => {
    const a = [100, 110, 95, 105, 98, 102, 107, 93, 101, 99];
    const b = a.map((x) => x / 0.9);
    const r = ratioInterval(a, b);
    expect(r.ratio).toBeCloseTo(0.9, 3);
    expect(r.low).toBeCloseTo(0.9, 3);
    expect(r.high).toBeCloseTo(0.9, 3);
  });
  it("widens with noisy rounds and narrows with more of them", () => {
    const noisy = (n: number) => Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13) / 40 - 0.15);
    const few = ratioInterval(noisy(10), Array(10).fill(1));
    const many = ratioInterval(noisy(200), Array(200).fill(1));
    expect(few.high - few.low).toBeGreaterThan(0.02);
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
    expect(few.low).toBeLessThanOrEqual(few.ratio);
    expect(few.high).toBeGreaterThanOrEqual(few.ratio);
  });
});
