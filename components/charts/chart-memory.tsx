"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatBytes } from "@/lib/format";
import { shortName } from "@/lib/runs/chart-data";
import type { ModelSummary } from "@/lib/runs/types";
import { ChartFrame } from "./chart-frame";

/** Peak resident memory of each model's worker next to the model's own estimate before loading. */
export function ChartMemory({ summaries }: { summaries: ModelSummary[] }) {
  const data = summaries.map((s) => ({
    model: shortName(s.model), peak: s.figures.peakRssBytes.max ?? 0, growth: s.figures.memoryGrowthBytes.max ?? 0, estimate: s.figures.estimateBytes.mean ?? 0,
  }));
  return (
    <ChartFrame title="Memory" note="worker peak RSS, its growth over the empty worker, and the estimate">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="model" tick={{ fontSize: 11 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatBytes(v)} width={70} />
          <Tooltip formatter={(v, name) => [formatBytes(Number(v)), String(name)]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="peak" name="peak RSS" fill="#1d4ed8" isAnimationActive={false} />
          <Bar dataKey="growth" name="growth over empty worker" fill="#60a5fa" isAnimationActive={false} />
          <Bar dataKey="estimate" name="estimate" fill="#cbd5e1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
