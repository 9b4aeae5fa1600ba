"use client";

import { ChartBars } from "@/components/charts/chart-bars";
import { ChartMemory } from "@/components/charts/chart-memory";
import { ChartSpread } from "@/components/charts/chart-spread";
import { ChartTokenRace } from "@/components/charts/chart-token-race";
import { barRows, timeUnitOf } from "@/lib/runs/chart-data";
import { memo } from "react";
import type { GenerationView, ModelSummary, QuestionView } from "@/lib/runs/types";

type Props = {
  models: string[];
  summaries: ModelSummary[];
  generations: GenerationView[];
  questions: QuestionView[];
  groupNames?: Record<string, string>;
};

/** Redrawn only when an answer finishes (not on every token): its inputs change only then. */
export const RunCharts = memo(function RunCharts({ models, summaries, generations, questions, groupNames }: Props) {
  const ttft = timeUnitOf(summaries, "ttftMs");
  const e2e = timeUnitOf(summaries, "endToEndMs");
  return (
    <section aria-label="Charts" className="charts">
      <ChartBars
        title="Generation rate"
        note="decode only"
        unit="tokens/s"
        rows={barRows(models, summaries, "generationTokensPerSecond")}
      />
      <ChartBars
        title="Words per second"
        note="the original experiment's figure"
        unit="words/s"
        rows={barRows(models, summaries, "wordsPerSecond")}
      />
      <ChartBars
        title="Time to first token"
        unit={ttft.unit}
        rows={barRows(models, summaries, "ttftMs", ttft.divisor)}
      />
      <ChartBars
        title="End-to-end time"
        note="per answer"
        unit={e2e.unit}
        rows={barRows(models, summaries, "endToEndMs", e2e.divisor)}
      />
      <ChartMemory models={models} summaries={summaries} />
      <ChartBars title="Answer length" unit="words" rows={barRows(models, summaries, "words")} />
      <ChartSpread models={models} generations={generations} />
      <ChartTokenRace models={models} generations={generations} questions={questions} groupNames={groupNames} />
    </section>
  );
});
