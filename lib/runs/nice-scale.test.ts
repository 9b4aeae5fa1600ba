import { describe, expect, it } from "vitest";
import { niceScale, placeLabels, tickText } from "./nice-scale";

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

  it("keeps a rate at zero or above: a slow and a fast model (1.3 and 22.9 tok/s) gave a −10 tick", () => {
    expect(niceScale([1.3, 22.9], 5).ticks[0]).toBeLessThan(0);
    const s = niceScale([1.3, 22.9], 5, [0, Infinity]);
    expect(s.ticks).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it("gives one value room on both sides", () => {
    const s = niceScale([1500], 4);
    expect(s.min).toBeLessThan(1500);
    expect(s.max).toBeGreaterThan(1500);
  });
});

describe("point labels", () => {
  const plot = { left: 40, right: 500, top: 10, bottom: 220 };
  const boxOf = (l: { x: number; y: number; anchor: string }, text: string) => {
    const w = text.length * 6.3;
    const left = l.anchor === "start" ? l.x : l.anchor === "end" ? l.x - w : l.x - w / 2;
    return { left, right: left + w, top: l.y - 10, bottom: l.y + 2 };
  };
  const hit = (a: ReturnType<typeof boxOf>, b: ReturnType<typeof boxOf>) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  it("puts no label on another label or on a point, and keeps each inside the plot", () => {
    // Three models at one score, two of them close in speed (the run page's tie at 1000).
    const points = [
      { x: 470, y: 100, label: "tiny-dense-mha" },
      { x: 300, y: 100, label: "tiny-gqa" },
      { x: 280, y: 100, label: "tiny-moe-8x2" },
    ];
    const placed = placeLabels(points, plot);
    const boxes = placed.map((l, i) => boxOf(l, points[i].label));
    for (let i = 0; i < boxes.length; i++) {
      expect(boxes[i].left).toBeGreaterThanOrEqual(plot.left);
      expect(boxes[i].right).toBeLessThanOrEqual(plot.right);
      for (let j = 0; j < boxes.length; j++) if (i !== j) expect(hit(boxes[i], boxes[j])).toBe(false);
      for (const p of points) {
        const mark = { left: p.x - 7, right: p.x + 7, top: p.y - 7, bottom: p.y + 7 };
        expect(hit(boxes[i], mark)).toBe(false);
      }
    }
  });

  it("keeps labels near the right edge whole (the run page's fastest model lost its label there)", () => {
    // Groundedness against speed on a phone: the fastest model at the edge, the next just left of and below it.
    const points = [
      { x: 495, y: 150, label: "tiny-dense-mha" },
      { x: 450, y: 163, label: "tiny-gqa" },
      { x: 200, y: 40, label: "tiny-moe-8x2" },
    ];
    const boxes = placeLabels(points, plot).map((l, i) => boxOf(l, points[i].label));
    for (const b of boxes) expect(b.right).toBeLessThanOrEqual(plot.right);
    expect(hit(boxes[0], boxes[1])).toBe(false);
  });

  it("puts a label above its point when there is room", () => {
    const [l] = placeLabels([{ x: 200, y: 100, label: "a" }], plot);
    expect(l.y).toBeLessThan(100);
    expect(l.anchor).toBe("middle");
  });
});
