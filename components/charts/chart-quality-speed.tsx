"use client";

import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { paretoFront, type ParetoPoint } from "@/lib/quality/summary";
import { ChartFrame } from "./chart-frame";

export type QualitySpeedPoint = ParetoPoint & { label: string; color: string };

/**
 * Quality against speed, one point per model: the ones on the Pareto front (no other model both faster and
 * better) are joined by a line, so "better next to faster" reads at a glance.
 */
export function ChartQualitySpeed({ points, qualityLabel, speedLabel, note }: { points: QualitySpeedPoint[]; qualityLabel: string; speedLabel: string; note?: string }) {
  const front = paretoFront(points).map((p) => points.find((x) => x.model === p.model)!);
  return (
    <ChartFrame title={`${qualityLabel} against ${speedLabel}`} note={note ?? "Pareto front joined"}>
      <ResponsiveContainer width="100%" height={240}>
        <ScatterChart margin={{ top: 16, right: 24, bottom: 16, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="speed" name={speedLabel} tick={{ fontSize: 11 }} label={{ value: speedLabel, position: "insideBottom", offset: -8, fontSize: 11 }} domain={["auto", "auto"]} />
          <YAxis type="number" dataKey="quality" name={qualityLabel} tick={{ fontSize: 11 }} width={56} domain={["auto", "auto"]} tickFormatter={(v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2))} />
          <Tooltip formatter={(v) => (Math.abs(Number(v)) >= 10 ? Number(v).toFixed(0) : Number(v).toFixed(3))} />
          <Scatter name="Pareto front" data={front} line={{ stroke: "#94a3b8", strokeDasharray: "4 3" }} fill="none" isAnimationActive={false} legendType="none" />
          {points.map((p) => (
            <Scatter key={p.model} name={p.label} data={[p]} fill={p.color} isAnimationActive={false}>
              <LabelList dataKey="label" position="top" fontSize={10} />
            </Scatter>
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
