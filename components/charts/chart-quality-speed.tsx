"use client";

import { paretoFront, type ParetoPoint } from "@/lib/quality/summary";
import { ChartFrame } from "./chart-frame";

export type QualitySpeedPoint = ParetoPoint & { label: string; color: string };

// Drawn as plain SVG rather than with recharts: a recharts scatter here put about 19 KB more into the run page's
// first-load JavaScript (shared chunks), past its 500 KB goal (bench/bundle.ts); a handful of points needs no library.
const W = 520;
const H = 240;
const PAD = { left: 56, right: 24, top: 28, bottom: 36 };

function scale(values: number[], from: number, to: number) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  const min = lo - span * 0.1;
  const max = hi + span * 0.1;
  return {
    at: (v: number) => from + ((v - min) / (max - min)) * (to - from),
    ticks: [0, 0.5, 1].map((f) => min + f * (max - min)),
  };
}

const fmt = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2));

/**
 * Quality against speed, one point per model: the ones on the Pareto front (no other model both faster and
 * better) are joined by a dashed line, so "better next to faster" reads at a glance.
 */
export function ChartQualitySpeed({
  points,
  qualityLabel,
  speedLabel,
  note,
}: {
  points: QualitySpeedPoint[];
  qualityLabel: string;
  speedLabel: string;
  note?: string;
}) {
  const x = scale(
    points.map((p) => p.speed),
    PAD.left,
    W - PAD.right,
  );
  const y = scale(
    points.map((p) => p.quality),
    H - PAD.bottom,
    PAD.top,
  );
  const front = paretoFront(points);
  return (
    <ChartFrame title={`${qualityLabel} against ${speedLabel}`} note={note ?? "Pareto front dashed"}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        height={H}
        role="img"
        aria-label={`${qualityLabel} against ${speedLabel}`}
        data-testid="chart-quality-speed"
      >
        {y.ticks.map((t) => (
          <g key={`y${t}`}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y.at(t)}
              y2={y.at(t)}
              stroke="var(--chart-grid)"
              strokeDasharray="3 3"
            />
            <text x={PAD.left - 6} y={y.at(t) + 4} textAnchor="end" fontSize={11} fill="var(--chart-text)">
              {fmt(t)}
            </text>
          </g>
        ))}
        {x.ticks.map((t) => (
          <text
            key={`x${t}`}
            x={x.at(t)}
            y={H - PAD.bottom + 16}
            textAnchor="middle"
            fontSize={11}
            fill="var(--chart-text)"
          >
            {fmt(t)}
          </text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle" fontSize={11} fill="var(--chart-text)">
          {speedLabel}
        </text>
        <text
          x={12}
          y={(PAD.top + H - PAD.bottom) / 2}
          textAnchor="middle"
          fontSize={11}
          fill="var(--chart-text)"
          transform={`rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})`}
        >
          {qualityLabel}
        </text>
        <polyline
          points={front.map((p) => `${x.at(p.speed)},${y.at(p.quality)}`).join(" ")}
          fill="none"
          stroke="var(--muted)"
          strokeDasharray="5 4"
          data-testid="pareto-front"
        />
        {points.map((p) => {
          const onFront = front.some((f) => f.model === p.model);
          return (
            <g key={p.model} data-testid="quality-speed-point" data-pareto={onFront}>
              <title>{`${p.label}: ${fmt(p.quality)} at ${fmt(p.speed)} ${speedLabel}${onFront ? " (Pareto front)" : ""}`}</title>
              <circle
                cx={x.at(p.speed)}
                cy={y.at(p.quality)}
                r={onFront ? 6 : 5}
                fill={p.color}
                stroke={onFront ? "var(--text)" : "none"}
                strokeWidth={1.5}
              />
              <text x={x.at(p.speed)} y={y.at(p.quality) - 10} textAnchor="middle" fontSize={10} fill="var(--text)">
                {p.label}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
