"use client";

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BarRow } from "@/lib/runs/chart-data";
import { ChartFrame } from "./chart-frame";

/** Mean per model with a one-standard-deviation whisker: the shape every per-model figure uses. */
export function ChartBars({ title, note, rows, unit, format }: {
  title: string;
  note?: string;
  rows: BarRow[];
  unit: string;
  format: (v: number) => string;
}) {
  const data = rows.map((r) => ({ ...r, value: r.mean ?? 0, error: r.sd ?? 0 }));
  return (
    <ChartFrame title={title} note={note}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="model" tick={{ fontSize: 11 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => format(v)} width={64} />
          <Tooltip formatter={(v) => [`${format(Number(v))} ${unit}`, title]} />
          <Bar dataKey="value" isAnimationActive={false}>
            {data.map((d) => <Cell key={d.model} fill={d.color} />)}
            <ErrorBar dataKey="error" width={6} stroke="#334155" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
