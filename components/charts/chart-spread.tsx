"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { axisNumber, stripPoints } from "@/lib/runs/chart-data";
import type { GenerationView } from "@/lib/runs/types";
import { CATEGORY_AXIS_HEIGHT, CategoryTick } from "./category-tick";
import { ChartFrame } from "./chart-frame";

/** Every generation as a dot: how much a model's speed varies across questions (hollow dots are cold). */
export function ChartSpread({ models, generations }: { models: string[]; generations: GenerationView[] }) {
  const series = stripPoints(models, generations, "generationTokensPerSecond");
  const n = series.reduce((a, s) => a + s.points.length, 0);
  return (
    <ChartFrame
      title="Spread across questions"
      unit="tokens/s"
      note={`generation rate of each answer, n = ${n}; hollow dots are cold (first after load)`}
    >
      <ResponsiveContainer width="100%" height={220}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[-0.5, models.length - 0.5]}
            ticks={models.map((_, i) => i)}
            interval={0}
            height={CATEGORY_AXIS_HEIGHT}
            tick={(p: object) => <CategoryTick {...p} labelOf={(i) => series[Number(i)]?.label ?? ""} />}
          />
          <YAxis
            type="number"
            dataKey="y"
            tick={{ fontSize: 11 }}
            tickFormatter={axisNumber}
            width={48}
            domain={[0, "auto"]}
          />
          <Tooltip
            formatter={(v, name) =>
              name === "y" ? [`${axisNumber(Number(v))} tok/s`, "rate"] : [series[Number(v)]?.label ?? "", "model"]
            }
          />
          {series.map((s) => (
            <Scatter
              key={s.model}
              name={s.label}
              data={s.points}
              fill={s.color}
              isAnimationActive={false}
              shape={(props: { cx?: number; cy?: number; payload?: { cold: boolean } }) => (
                <circle
                  cx={props.cx}
                  cy={props.cy}
                  r={4}
                  fill={props.payload?.cold ? "var(--panel)" : s.color}
                  stroke={s.color}
                  strokeWidth={1.5}
                />
              )}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
