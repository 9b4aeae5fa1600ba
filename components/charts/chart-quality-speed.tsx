"use client";

import { useEffect, useRef, useState } from "react";
import { paretoFront, type ParetoPoint } from "@/lib/quality/summary";
import { niceScale, placeLabels, tickText } from "@/lib/runs/nice-scale";
import { ChartFrame } from "./chart-frame";

export type QualitySpeedPoint = ParetoPoint & { label: string; color: string };

// Drawn as plain SVG rather than with recharts: a recharts scatter here put about 19 KB more into the run page's
// first-load JavaScript (shared chunks), past its 500 KB goal (bench/bundle.ts); a handful of points needs no library.
// Drawn at the box's own width in pixels (not a 520-wide viewBox shrunk to fit): on a phone the shrunk text was
// about 5 px tall.
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

/** The width of the element, followed as it resizes; `fallback` until it is measured. */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([e]) => setWidth(Math.max(240, Math.floor(e.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

const axisText = { fontSize: 11, fill: "var(--chart-text)" };
/** A label readable over grid lines and the front's line: the panel's colour drawn behind the letters. */
const haloText = { fontSize: 11, fill: "var(--text)", stroke: "var(--panel)", strokeWidth: 3, paintOrder: "stroke" };

/**
 * Quality against speed, one point per model: the Pareto front (no other model both faster and better) is drawn
 * as a dashed staircase, so it shows even when one model is both fastest and best. Ticks are round values; a score
 * in [0, 1] (`qualityBounds`) never gets an axis past it. No label sits on another label or on a point.
 */
export function ChartQualitySpeed({
  points,
  qualityLabel,
  speedLabel,
  qualityBounds,
  note,
}: {
  points: QualitySpeedPoint[];
  qualityLabel: string;
  speedLabel: string;
  qualityBounds?: [number, number];
  note?: string;
}) {
  const [ref, W] = useWidth(520);
  // A rate is never below zero: a slow model beside a fast one gave the axis a −10 tick.
  const sx = niceScale(
    points.map((p) => p.speed),
    W < 400 ? 3 : 5,
    [0, Infinity],
  );
  const sy = niceScale(
    points.map((p) => p.quality),
    4,
    qualityBounds,
  );
  const x = (v: number) => PAD.left + ((v - sx.min) / (sx.max - sx.min || 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - sy.min) / (sy.max - sy.min || 1)) * (H - PAD.top - PAD.bottom);
  const front = paretoFront(points);
  // The staircase: from the left edge at the best quality, across and down through each front point, to the axis.
  const stairs = front.length
    ? [
        [PAD.left, y(front[0].quality)],
        ...front.flatMap((p, i) => [
          [x(p.speed), y(i ? front[i - 1].quality : p.quality)],
          [x(p.speed), y(p.quality)],
        ]),
        [x(front[front.length - 1].speed), H - PAD.bottom],
      ]
    : [];
  const labels = placeLabels(
    points.map((p) => ({ x: x(p.speed), y: y(p.quality), label: p.label })),
    { left: PAD.left, right: W - PAD.right, top: PAD.top - 8, bottom: H - PAD.bottom },
  );
  return (
    <ChartFrame title={`${qualityLabel} against ${speedLabel}`} note={note ?? "Pareto front dashed"}>
      <div ref={ref}>
        <svg
          width={W}
          height={H}
          role="img"
          aria-label={`${qualityLabel} against ${speedLabel}`}
          data-testid="chart-quality-speed"
        >
          {sy.ticks.map((t) => (
            <g key={`y${t}`}>
              <line
                x1={PAD.left}
                x2={W - PAD.right}
                y1={y(t)}
                y2={y(t)}
                stroke="var(--chart-grid)"
                strokeDasharray="3 3"
              />
              <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" {...axisText} data-testid="quality-tick">
                {tickText(t, sy.ticks)}
              </text>
            </g>
          ))}
          {sx.ticks.map((t) => (
            <text key={`x${t}`} x={x(t)} y={H - PAD.bottom + 16} textAnchor="middle" {...axisText}>
              {tickText(t, sx.ticks)}
            </text>
          ))}
          <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle" {...axisText}>
            {speedLabel}
          </text>
          <text
            x={12}
            y={(PAD.top + H - PAD.bottom) / 2}
            textAnchor="middle"
            {...axisText}
            transform={`rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})`}
          >
            {qualityLabel}
          </text>
          <polyline
            points={stairs.map(([a, b]) => `${a},${b}`).join(" ")}
            fill="none"
            stroke="var(--muted)"
            strokeWidth={1.5}
            strokeDasharray="5 4"
            data-testid="pareto-front"
          />
          {points.map((p, i) => {
            const onFront = front.some((f) => f.model === p.model);
            return (
              <g key={p.model} data-testid="quality-speed-point" data-pareto={onFront}>
                <title>{`${p.label}: ${p.quality.toFixed(2)} at ${p.speed.toFixed(1)} ${speedLabel}${onFront ? " (Pareto front)" : ""}`}</title>
                <circle
                  cx={x(p.speed)}
                  cy={y(p.quality)}
                  r={onFront ? 6 : 5}
                  fill={p.color}
                  stroke={onFront ? "var(--text)" : "none"}
                  strokeWidth={1.5}
                />
                <text x={labels[i].x} y={labels[i].y} textAnchor={labels[i].anchor} {...haloText}>
                  {p.label}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </ChartFrame>
  );
}
