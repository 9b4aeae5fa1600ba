"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisNumber, modelColor, modelLabel } from "@/lib/runs/chart-data";
import type { ModelSummary } from "@/lib/runs/types";
import { CATEGORY_AXIS_HEIGHT, CategoryTick } from "./category-tick";
import { ChartFrame } from "./chart-frame";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/**
 * Peak resident memory of each model's worker next to its growth over the empty worker and the model's own
 * estimate. Each model keeps its colour: solid for the peak, light for the growth, an outline for the estimate;
 * the legend is drawn in HTML with the page's text colour so it reads in light and dark.
 */
export function ChartMemory({ models, summaries }: { models: string[]; summaries: ModelSummary[] }) {
  const maxBytes = Math.max(
    0,
    ...summaries.flatMap((s) => [s.figures.peakRssBytes.max ?? 0, s.figures.estimateBytes.mean ?? 0]),
  );
  const [unit, divisor] = maxBytes >= 2 * GIB ? ["GiB", GIB] : ["MiB", MIB];
  const data = summaries.map((s) => ({
    model: s.model,
    color: modelColor(models, s.model),
    peak: (s.figures.peakRssBytes.max ?? 0) / divisor,
    growth: (s.figures.memoryGrowthBytes.max ?? 0) / divisor,
    estimate: (s.figures.estimateBytes.mean ?? 0) / divisor,
  }));
  const labelOf = (v: unknown) => modelLabel(String(v), models);
  return (
    <ChartFrame
      title="Memory"
      unit={unit}
      note="largest peak RSS and growth over the empty worker, beside the estimate made before loading"
    >
      <ResponsiveContainer width="100%" height={196}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="model"
            interval={0}
            height={CATEGORY_AXIS_HEIGHT}
            tick={(p: object) => <CategoryTick {...p} labelOf={labelOf} />}
          />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={axisNumber} width={48} domain={[0, "auto"]} />
          <Tooltip
            labelFormatter={labelOf}
            formatter={(v, name) => [`${axisNumber(Number(v))} ${unit}`, String(name)]}
          />
          <Bar dataKey="peak" name="peak RSS" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.model} fill={d.color} />
            ))}
          </Bar>
          <Bar dataKey="growth" name="growth over empty worker" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.model} fill={d.color} fillOpacity={0.4} />
            ))}
          </Bar>
          <Bar dataKey="estimate" name="estimate" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.model} fill="transparent" stroke={d.color} strokeWidth={2} strokeDasharray="4 2" />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <ul className="chart-legend" aria-label="Memory legend">
        <li>
          <span className="legend-key legend-solid" /> peak RSS
        </li>
        <li>
          <span className="legend-key legend-light" /> growth over empty worker
        </li>
        <li>
          <span className="legend-key legend-outline" /> estimate
        </li>
      </ul>
    </ChartFrame>
  );
}
