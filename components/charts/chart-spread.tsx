"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { stripPoints } from "@/lib/runs/chart-data";
import type { GenerationView } from "@/lib/runs/types";
import { ChartFrame } from "./chart-frame";

/** Every generation as a dot: how much a model's speed varies across questions (hollow dots are cold). */
export function ChartSpread({ models, generations }: { models: string[]; generations: GenerationView[] }) {
  const series = stripPoints(models, generations, "generationTokensPerSecond");
  return (
    <ChartFrame title="Spread across questions" note="generation rate of each answer, tokens/s">
      <ResponsiveContainer width="100%" height={220}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" domain={[-0.5, models.length - 0.5]} ticks={models.map((_, i) => i)}
            tickFormatter={(i: number) => series[i]?.model ?? ""} tick={{ fontSize: 11 }} />
          <YAxis type="number" dataKey="y" tick={{ fontSize: 11 }} width={48} />
          <Tooltip formatter={(v) => Number(v).toFixed(1)} />
          {series.map((s) => (
            <Scatter key={s.model} name={s.model} data={s.points} fill={s.color} isAnimationActive={false}
              shape={(props: { cx?: number; cy?: number; payload?: { cold: boolean } }) => (
                <circle cx={props.cx} cy={props.cy} r={4} fill={props.payload?.cold ? "white" : s.color} stroke={s.color} strokeWidth={1.5} />
              )} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
