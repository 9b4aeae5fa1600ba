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

/**
 * Vertical positions for point labels so no two overlap: sorted top to bottom, each at least `gap` below the
 * last, then pulled back above `bottom` as far as needed (a label may cross `top` only when they cannot all fit). Answers the label positions in input order.
 */
export function spreadLabels(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => Math.min(Math.max(o.y, top), bottom));
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  // Pushed past the bottom: pull the stack back up only as far as it needs.
  if (placed.length) placed[placed.length - 1] = Math.min(placed[placed.length - 1], bottom);
  for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k]));
  return out;
}
