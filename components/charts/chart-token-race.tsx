"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { tokenRace } from "@/lib/runs/chart-data";
import type { GenerationView, QuestionView } from "@/lib/runs/types";
import { ChartFrame } from "./chart-frame";

/** Tokens over time for one question, one line per model: the race, as it was run. */
export function ChartTokenRace({ models, generations, question }: { models: string[]; generations: GenerationView[]; question: QuestionView | undefined }) {
  const series = question ? tokenRace(models, generations, question.id) : [];
  return (
    <ChartFrame title="Tokens over time" note={question ? `${question.groupKey}: ${question.question}` : "no finished question yet"}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="t" tick={{ fontSize: 11 }} unit=" s" allowDuplicatedCategory={false} />
          <YAxis type="number" dataKey="tokens" tick={{ fontSize: 11 }} width={40} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Line key={s.model} name={s.model} data={s.points} dataKey="tokens" stroke={s.color} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
