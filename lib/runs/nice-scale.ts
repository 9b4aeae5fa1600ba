// Axis scales with round tick values (1, 2 or 5 times a power of ten), for the charts drawn by hand. A scale
// from the data's own min and max gave ticks such as 3.92 / 28 / 52, and −0.02 on a score that lives in [0, 1].

export type NiceScale = { min: number; max: number; ticks: number[] };

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * Round ticks covering the values with a little room, never past `bounds` (a score's [0, 1]). About `count`
 * intervals; a single value gets room on both sides.
 */
export function niceScale(values: number[], count = 4, bounds?: [number, number]): NiceScale {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = bounds ?? [0, 1];
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  lo -= pad;
  hi += pad;
  if (bounds) [lo, hi] = [Math.max(lo, bounds[0]), Math.min(hi, bounds[1])];
  const step = niceStep(hi - lo, count);
  let min = Math.floor(lo / step) * step;
  let max = Math.ceil(hi / step) * step;
  if (bounds) [min, max] = [Math.max(min, bounds[0]), Math.min(max, bounds[1])];
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 1e6; t += step) ticks.push(Number(t.toPrecision(12)));
  return { min, max, ticks };
}

/** A tick's text: as many decimals as its step needs, no more ("0.25", "1500", "0.5"). */
export function tickText(value: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(value) || 1;
  const decimals = Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}

export type LabelPlace = { x: number; y: number; anchor: "start" | "middle" | "end" };
type Box = { left: number; right: number; top: number; bottom: number };

const CHAR_PX = 6.3; // an 11 px system font, a little generous
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Where each point's label goes so that no label sits on another label or on any point: above the point, else
 * below, right, left, then further above or below; the first place inside `plot` that touches nothing wins (the
 * first inside `plot` if none is free). `y` is the text's baseline; points are the markers' centres.
 */
export function placeLabels(points: { x: number; y: number; label: string }[], plot: Box, radius = 7): LabelPlace[] {
  const marks: Box[] = points.map((p) => ({
    left: p.x - radius,
    right: p.x + radius,
    top: p.y - radius,
    bottom: p.y + radius,
  }));
  const taken: Box[] = [];
  return points.map((p) => {
    const w = p.label.length * CHAR_PX;
    // Centred on its point, slid along to stay inside the plot near an edge.
    const cx = Math.min(Math.max(p.x, plot.left + w / 2), plot.right - w / 2);
    const candidates: LabelPlace[] = [
      { x: cx, y: p.y - radius - 4, anchor: "middle" },
      { x: cx, y: p.y + radius + 12, anchor: "middle" },
      { x: p.x + radius + 3, y: p.y + 4, anchor: "start" },
      { x: p.x - radius - 3, y: p.y + 4, anchor: "end" },
      { x: cx, y: p.y - radius - 18, anchor: "middle" },
      { x: cx, y: p.y + radius + 26, anchor: "middle" },
    ];
    const box = (c: LabelPlace): Box => {
      const left = c.anchor === "start" ? c.x : c.anchor === "end" ? c.x - w : c.x - w / 2;
      return { left, right: left + w, top: c.y - 10, bottom: c.y + 2 };
    };
    const inside = (b: Box) =>
      b.left >= plot.left && b.right <= plot.right && b.top >= plot.top && b.bottom <= plot.bottom;
    const fits = candidates.filter((c) => inside(box(c)));
    const free = fits.find((c) => ![...taken, ...marks].some((o) => overlaps(o, box(c))));
    const chosen = free ?? fits[0] ?? candidates[0];
    taken.push(box(chosen));
    return chosen;
  });
}
