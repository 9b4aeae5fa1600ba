"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisNumber, statCaption, type BarRow } from "@/lib/runs/chart-data";
import { CATEGORY_AXIS_HEIGHT, CategoryTick } from "./category-tick";
import { ChartFrame } from "./chart-frame";

/**
 * Median per model with a p10–p90 whisker, on an axis that starts at zero and carries one unit (in the title):
 * the shape every per-model figure uses.
 */
export function ChartBars({ title, note, rows, unit }: { title: string; note?: string; rows: BarRow[]; unit: string }) {
  const data = rows.map((r) => ({
    ...r,
    value: r.median ?? 0,
    whisker: r.median === null ? [0, 0] : [r.median - (r.low ?? r.median), (r.high ?? r.median) - r.median],
  }));
  const labels = new Map(rows.map((r) => [r.model, r.label]));
  return (
    <ChartFrame title={title} unit={unit} note={[note, statCaption(rows)].filter(Boolean).join(" · ")}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="model"
            interval={0}
            height={CATEGORY_AXIS_HEIGHT}
            tick={(p: object) => <CategoryTick {...p} labelOf={(v) => labels.get(String(v)) ?? String(v)} />}
          />
          <YAxis
            tick={{ fontSize: 11 }}
            tickFormatter={axisNumber}
            width={48}
            domain={[0, "auto"]}
            allowDataOverflow={false}
          />
          <Tooltip
            labelFormatter={(m) => labels.get(String(m)) ?? String(m)}
            formatter={(_v, _n, item) => {
              const r = item.payload as BarRow;
              return [
                `${axisNumber(r.median ?? 0)} ${unit} (p10 ${axisNumber(r.low ?? 0)}, p90 ${axisNumber(r.high ?? 0)}, n = ${r.n})`,
                "median",
              ];
            }}
          />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.model} fill={d.color} />
            ))}
            <ErrorBar dataKey="whisker" width={6} stroke="var(--chart-text)" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
