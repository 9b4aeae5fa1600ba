"use client";

import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisNumber, raceQuestions, tokenRace } from "@/lib/runs/chart-data";
import type { GenerationView, QuestionView } from "@/lib/runs/types";
import { ChartFrame } from "./chart-frame";
import { groupDisplay } from "@/lib/datasets/group-names";

/** Tokens over time for one question, one line per model: the race, as it was run. Any question can be picked. */
export function ChartTokenRace({
  models,
  generations,
  questions,
  groupNames,
}: {
  models: string[];
  generations: GenerationView[];
  questions: QuestionView[];
  groupNames?: Record<string, string>;
}) {
  const available = raceQuestions(questions, generations);
  const [picked, setPicked] = useState<number | null>(null);
  // Until the user picks one, follow the latest question with data, so a live run shows the newest race.
  const question = available.find((q) => q.id === picked) ?? available.at(-1);
  const race = question ? tokenRace(models, generations, question.id) : null;
  const label = (q: QuestionView) => `${groupDisplay(q.groupKey, groupNames)}: ${q.question}`;
  return (
    <ChartFrame
      title="Tokens over time"
      unit={race ? `x: ${race.unit.unit}` : undefined}
      note={question ? "one line per model, repetition 1" : "no answer with tokens yet"}
    >
      {available.length > 0 ? (
        <select
          className="chart-picker"
          aria-label="Question for tokens over time"
          value={question?.id ?? ""}
          onChange={(e) => setPicked(Number(e.target.value))}
        >
          {available.map((q) => (
            <option key={q.id} value={q.id}>
              {label(q)}
            </option>
          ))}
        </select>
      ) : null}
      <ResponsiveContainer width="100%" height={190}>
        <LineChart margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="t"
            tick={{ fontSize: 11 }}
            tickFormatter={axisNumber}
            domain={[0, "auto"]}
            allowDuplicatedCategory={false}
          />
          <YAxis
            type="number"
            dataKey="tokens"
            tick={{ fontSize: 11 }}
            tickFormatter={axisNumber}
            width={40}
            domain={[0, "auto"]}
          />
          <Tooltip labelFormatter={(t) => `${axisNumber(Number(t))} ${race?.unit.unit ?? ""}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(race?.series ?? []).map((s) => (
            <Line
              key={s.model}
              name={s.label}
              data={s.points}
              dataKey="tokens"
              stroke={s.color}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
