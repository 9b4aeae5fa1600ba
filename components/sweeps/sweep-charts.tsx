"use client";

import { CartesianGrid, ErrorBar, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { axisNumber } from "@/lib/runs/chart-data";
import { modelColor, modelLabel } from "@/lib/runs/model-identity";
import { configLabel, sweepConfigs } from "@/lib/sweeps/settings";
import type { SweepPoint, SweepView } from "@/lib/sweeps/types";
import { formatInt } from "@/lib/format";

// A sweep's four pictures, each against depth: prompt processing and generation rates (with each point's 95%
// interval over the repetitions), the KV cache llama.cpp holds (beside the header's every-layer estimate, dashed),
// and the worker's peak memory. One line per model and configuration, in the model's colour on every page.

type Series = { key: string; model: string; label: string; color: string; dash?: string; points: SweepPoint[] };

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function seriesOf(view: SweepView): Series[] {
  const configs = sweepConfigs(view.settings);
  const dashes = ["", "6 3", "2 3", "8 3 2 3"];
  return view.settings.models
    .flatMap((model) =>
      configs.map((c, i) => ({
        key: `${model}|${configLabel(c)}`,
        model,
        label: modelLabel(model, view.settings.models) + (configs.length > 1 ? ` · ${configLabel(c)}` : ""),
        color: modelColor(view.settings.models, model),
        dash: dashes[i % dashes.length],
        points: view.points
          .filter(
            (p) =>
              p.model === model &&
              p.threads === c.threads &&
              p.kvCacheType === c.kvCacheType &&
              p.flashAttention === c.flashAttention,
          )
          .sort((a, b) => a.depth - b.depth),
      })),
    )
    .filter((s) => s.points.length);
}

/** Rows keyed by depth, a column per series (and its error bar's [below, above]). */
function rows(
  series: Series[],
  value: (p: SweepPoint) => number | null,
  error?: (p: SweepPoint) => [number, number] | null,
) {
  const depths = [...new Set(series.flatMap((s) => s.points.map((p) => p.depth)))].sort((a, b) => a - b);
  return depths.map((depth) => {
    const row: Record<string, number | [number, number] | null> = { depth };
    for (const s of series) {
      const p = s.points.find((q) => q.depth === depth);
      row[s.key] = p ? value(p) : null;
      if (p && error) row[`${s.key}:err`] = error(p);
    }
    return row;
  });
}

function DepthChart({
  title,
  unit,
  note,
  series,
  value,
  error,
  extra,
}: {
  title: string;
  unit: string;
  note: string;
  series: Series[];
  value: (p: SweepPoint) => number | null;
  error?: (p: SweepPoint) => [number, number] | null;
  extra?: { suffix: string; value: (p: SweepPoint) => number | null; label: string };
}) {
  const data = rows(series, value, error);
  if (extra) {
    for (const row of data) {
      for (const s of series) {
        const p = s.points.find((q) => q.depth === row.depth);
        row[`${s.key}${extra.suffix}`] = p ? extra.value(p) : null;
      }
    }
  }
  return (
    <ChartFrame title={title} unit={unit} note={note}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="depth"
            type="number"
            domain={[0, "dataMax"]}
            tick={{ fontSize: 11 }}
            tickFormatter={axisNumber}
            label={{ value: "depth (tokens)", position: "insideBottomRight", offset: -2, fontSize: 11 }}
          />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={axisNumber} width={52} domain={[0, "auto"]} />
          <Tooltip
            labelFormatter={(d) => `depth ${formatInt(Number(d))}`}
            formatter={(v, name) => [`${axisNumber(Number(v))} ${unit}`, String(name)]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeDasharray={s.dash}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
              connectNulls
            >
              {error ? <ErrorBar dataKey={`${s.key}:err`} width={4} stroke={s.color} direction="y" /> : null}
            </Line>
          ))}
          {extra
            ? series.map((s) => (
                <Line
                  key={`${s.key}${extra.suffix}`}
                  dataKey={`${s.key}${extra.suffix}`}
                  name={`${s.label} (${extra.label})`}
                  stroke={s.color}
                  strokeOpacity={0.5}
                  strokeDasharray="2 4"
                  dot={false}
                  isAnimationActive={false}
                  legendType="none"
                  connectNulls
                />
              ))
            : null}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

const bar = (mean: number, iv: { lo: number; hi: number } | null): [number, number] | null =>
  iv ? [Math.max(0, mean - iv.lo), Math.max(0, iv.hi - mean)] : null;

export function SweepCharts({ view }: { view: SweepView }) {
  const series = seriesOf(view);
  if (!series.length) return null;
  const maxBytes = Math.max(...view.points.map((p) => Math.max(p.peakRssBytes, p.kvEstimateBytes)));
  const [unit, div] = maxBytes >= 2 * GIB ? ["GiB", GIB] : ["MiB", MIB];
  const kvMax = Math.max(...view.points.map((p) => Math.max(p.kvCacheBytes, p.kvEstimateBytes)));
  const [kvUnit, kvDiv] = kvMax >= 2 * GIB ? ["GiB", GIB] : ["MiB", MIB];
  return (
    <section aria-label="Sweep charts" className="charts">
      <DepthChart
        title="Prompt processing"
        unit="tok/s"
        note={`${view.settings.pp} tokens after the depth; bars: 95% interval of the mean`}
        series={series}
        value={(p) => p.ppTokensPerSecond}
        error={(p) => bar(p.ppTokensPerSecond, p.ppInterval)}
      />
      <DepthChart
        title="Generation"
        unit="tok/s"
        note={`${view.settings.tg} tokens after the depth; bars: 95% interval of the mean`}
        series={series}
        value={(p) => p.tgTokensPerSecond}
        error={(p) => bar(p.tgTokensPerSecond, p.tgInterval)}
      />
      <DepthChart
        title="KV cache held, measured"
        unit={kvUnit}
        note="llama.cpp's own state at each depth; dotted: the header's estimate if every layer kept every token"
        series={series}
        value={(p) => p.kvCacheBytes / kvDiv}
        extra={{ suffix: ":estimate", value: (p) => p.kvEstimateBytes / kvDiv, label: "header estimate" }}
      />
      <DepthChart
        title="Peak memory of the worker"
        unit={unit}
        note="resident memory while measuring the point"
        series={series}
        value={(p) => p.peakRssBytes / div}
      />
    </section>
  );
}
