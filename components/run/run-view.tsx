"use client";

import { useMemo, useState } from "react";
import dynamic from "next/dynamic";
import type { RunDetail } from "@/lib/runs/types";
import { noiseReport } from "@/lib/runs/noise";
import { runVerdict } from "@/lib/runs/verdict";
import { VerdictSection } from "@/components/verdict/verdict-section";
import { useScoredGenerations } from "@/components/quality/use-scored-generations";
import { ModelRuntime } from "./model-runtime";
import { ModelSummaryTable } from "./model-summary";
import { NoiseNotice } from "./noise-notice";
import { AnswerGrid } from "./answer-grid";
import { runningModelOf } from "./question-block";
import { SAMPLE_PRODUCTS } from "@/lib/datasets/sample/products";

const SAMPLE_ASINS = new Set(SAMPLE_PRODUCTS.map((p) => p.asin));
import { RunHeader } from "./run-header";
import { RunSettingsPanel } from "./run-settings";
import { useRunEvents } from "./use-run-events";
import { useThrottled } from "@/components/ui/use-throttled";
import { isFinalRunStatus } from "@/lib/runs/status";

/**
 * While a run streams, the charts redraw at most this often. Each redraw of the eight charts costs the browser
 * about 0.15 s of a core on a 2-core machine; redrawn on every answer, a watched run took 1.5 times as long.
 */
const CHARTS_EVERY_MS = 3000;

// Loaded on its own after the page: it matters once the run has ended, and keeps the first load small.
const QualityPanel = dynamic(() => import("@/components/quality/quality-panel").then((m) => m.QualityPanel));
// The charts (recharts, about 350 KB) load as their own chunk, right after the page: the header, the summary
// table and the streaming answers do not wait for them.
const RunCharts = dynamic(() => import("./run-charts").then((m) => m.RunCharts), {
  loading: () => (
    <section className="panel charts-loading" aria-busy="true">
      <p className="muted">Loading the charts…</p>
    </section>
  ),
});

export function RunView({ initial, datasetName }: { initial: RunDetail; datasetName: string | null }) {
  const run = useRunEvents(initial);
  const [repetition, setRepetition] = useState(0);
  const manifestModels = run.run.manifest?.models ?? [];
  // Kept between streamed tokens, so the summary table (memoised) redraws only when an answer lands.
  const facts = useMemo(
    () => Object.fromEntries((run.run.manifest?.models ?? []).map((m) => [m.file, m.facts])),
    [run.run.manifest],
  );
  const noise = useMemo(
    () => noiseReport(run.run.settings.models, run.generations),
    [run.run.settings.models, run.generations],
  );
  // Recomputed when an answer lands (the generations change), not on every streamed token.
  const generations = useScoredGenerations(run);
  const verdict = useMemo(
    () => runVerdict(run.run.settings.models, generations, run.questions.length),
    [run.run.settings.models, generations, run.questions.length],
  );
  const demo = manifestModels.some((m) => m.facts?.demo);
  // Trained demo models know only the sample's synthetic products: on other data they answer about those.
  const trainedOffSample =
    manifestModels.some((m) => m.facts?.trained) && run.run.settings.groups.some((g) => !SAMPLE_ASINS.has(g));
  const runningModel = runningModelOf(run);
  const chartInput = useThrottled(
    useMemo(
      () => ({ summaries: run.summaries, generations: run.generations, questions: run.questions }),
      [run.summaries, run.generations, run.questions],
    ),
    isFinalRunStatus(run.run.status) ? 0 : CHARTS_EVERY_MS,
  );
  return (
    <div className="stack run-view">
      <RunHeader run={run} />
      <VerdictSection verdict={verdict} />
      {demo ? (
        <p className="notice">
          This run uses untrained demo models: their answers are random words. Their speed and memory figures are real.
        </p>
      ) : null}
      {trainedOffSample ? (
        <p className="notice" data-testid="trained-off-sample">
          This run uses Lineup&apos;s trained demo models on data other than the sample. They were trained only on the
          sample&apos;s synthetic reviews, so their answers here may describe the sample&apos;s products instead of
          yours: read their quality as a test of the pipeline, not of the models. Their speed and memory figures are
          real.
        </p>
      ) : null}
      <RunSettingsPanel run={run.run} datasetName={datasetName} />
      <NoiseNotice report={noise} />
      <ModelRuntime run={run.run} summaries={run.summaries} />
      <ModelSummaryTable models={run.run.settings.models} summaries={run.summaries} facts={facts} />
      <RunCharts
        models={run.run.settings.models}
        summaries={chartInput.summaries}
        generations={chartInput.generations}
        questions={chartInput.questions}
        groupNames={run.groupNames}
      />
      <QualityPanel run={run} />
      {run.questions.length === 0 ? <p className="muted">Retrieving context for the questions…</p> : null}
      <AnswerGrid
        run={run}
        generations={generations}
        repetition={repetition}
        onRepetition={setRepetition}
        runningModel={runningModel}
      />
    </div>
  );
}
