"use client";

import { ChartBars } from "@/components/charts/chart-bars";
import { ChartMemory } from "@/components/charts/chart-memory";
import { ChartSpread } from "@/components/charts/chart-spread";
import { ChartTokenRace } from "@/components/charts/chart-token-race";
import { formatMs } from "@/lib/format";
import { barRows } from "@/lib/runs/chart-data";
import { memo } from "react";
import type { GenerationView, ModelSummary, QuestionView } from "@/lib/runs/types";

const num = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

type Props = { models: string[]; summaries: ModelSummary[]; generations: GenerationView[]; questions: QuestionView[] };

/** Redrawn only when an answer finishes (not on every token): its inputs change only then. */
export const RunCharts = memo(function RunCharts({ models, summaries, generations, questions }: Props) {
  const run = { summaries, generations };
  // The race shows the latest question that every model has finished.
  const complete = questions.filter((q) => models.every((m) => generations.some((g) => g.questionId === q.id && g.model === m && g.repetition === 0)));
  return (
    <section aria-label="Charts" className="charts">
      <ChartBars title="Generation rate" note="tokens/s, decode only" unit="tok/s" rows={barRows(run.summaries, "generationTokensPerSecond")} format={num} />
      <ChartBars title="Words per second" note="the original experiment's figure" unit="words/s" rows={barRows(run.summaries, "wordsPerSecond")} format={num} />
      <ChartBars title="Time to first token" unit="" rows={barRows(run.summaries, "ttftMs")} format={formatMs} />
      <ChartBars title="End-to-end time" note="per answer" unit="" rows={barRows(run.summaries, "endToEndMs")} format={formatMs} />
      <ChartMemory summaries={run.summaries} />
      <ChartBars title="Answer length" note="words" unit="words" rows={barRows(run.summaries, "words")} format={(v) => v.toFixed(0)} />
      <ChartSpread models={models} generations={run.generations} />
      <ChartTokenRace models={models} generations={run.generations} question={complete.at(-1)} />
    </section>
  );
});
