"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ChartQualitySpeed, type QualitySpeedPoint } from "@/components/charts/chart-quality-speed";
import { fetchJson } from "@/components/ui/fetch-json";
import { QUALITY_LABELS } from "@/lib/quality/scores-meta";
import { summarizeQuality, type MeanInterval } from "@/lib/quality/summary";
import type { RatingsView } from "@/lib/quality/types";
import { modelColor, modelLabel } from "@/lib/runs/model-identity";
import type { LiveRun } from "@/lib/runs/reducer";
import { isFinalRunStatus } from "@/lib/runs/status";
import { JudgePanel } from "./judge-panel";
import { useScoredGenerations } from "./use-scored-generations";
import { RatingsTable } from "./ratings-table";
import { formatShare } from "@/lib/format";

// Context relevance depends on the retrieved reviews only, which every model gets alike: it is a figure of the
// run (shown once, above the table), not of a model.
const SCORE_KEYS = ["groundedness", "answerRelevance", "distinct2"] as const;
const score = (s: MeanInterval) =>
  s.mean === null ? "–" : `${s.mean.toFixed(2)}${s.ci95 ? ` (${s.ci95[0].toFixed(2)}–${s.ci95[1].toFixed(2)})` : ""}`;
const share = (s: MeanInterval) => formatShare(s.mean);

/** The run's answer quality: scores per model, the blind-vote ratings, and quality against speed. */
export function QualityPanel({ run }: { run: LiveRun }) {
  const id = run.run.id;
  const final = isFinalRunStatus(run.run.status);
  const generations = useScoredGenerations(run);
  const ratings = useQuery({
    queryKey: ["ratings", id],
    queryFn: () => fetchJson<RatingsView>(`/api/runs/${id}/ratings`),
    enabled: final,
  });
  const models = run.run.settings.models;
  const quality = summarizeQuality(models, generations);
  const retrieval = quality.find((q) => q.scores.contextRelevance.n > 0)?.scores.contextRelevance;
  const rated = ratings.data && ratings.data.votes > 0 ? ratings.data : null;
  const points: QualitySpeedPoint[] = models.flatMap((model, i) => {
    const speed = run.summaries.find((s) => s.model === model)?.figures.generationTokensPerSecond.p50;
    const q = rated ? rated.ratings.find((r) => r.model === model)?.score : quality[i].scores.groundedness.mean;
    return speed == null || q == null
      ? []
      : [{ model, speed, quality: q, label: modelLabel(model, models), color: modelColor(models, model) }];
  });
  return (
    <section className="panel stack" aria-labelledby="quality-heading" data-testid="quality-panel">
      <div className="toolbar">
        <h2 id="quality-heading">Answer quality</h2>
        {final ? (
          <Link href={`/runs/${id}/arena`} className="small" data-testid="arena-link">
            Vote blind in the arena →
          </Link>
        ) : null}
      </div>
      {final && retrieval ? (
        <p className="small" data-testid="context-relevance">
          Retrieval, the same for every model: context relevance {score(retrieval)} (how close the retrieved reviews are
          to the question).
        </p>
      ) : null}
      {!final ? (
        <p className="muted">Scores are computed when the run ends.</p>
      ) : (
        <div className="table-wrap">
          <table className="data cards-sm" data-testid="quality-table">
            <thead>
              <tr>
                <th>Model</th>
                {SCORE_KEYS.map((k) => (
                  <th key={k} className="num">
                    {QUALITY_LABELS[k]}
                  </th>
                ))}
                <th className="num">Empty</th>
                <th className="num">Refusals</th>
                <th className="num">Scored</th>
              </tr>
            </thead>
            <tbody>
              {quality.map((m) => (
                <tr key={m.model} data-testid="quality-row">
                  <th scope="row" className="mono">
                    <span className="swatch" style={{ background: modelColor(models, m.model) }} />{" "}
                    {modelLabel(m.model, models)}
                  </th>
                  {SCORE_KEYS.map((k) => (
                    <td key={k} className="num" data-label={QUALITY_LABELS[k]}>
                      {score(m.scores[k])}
                    </td>
                  ))}
                  <td className="num" data-label="Empty">
                    {share(m.scores.empty)}
                  </td>
                  <td className="num" data-label="Refusals">
                    {share(m.scores.refusal)}
                  </td>
                  <td className="num" data-label="Scored">
                    {m.scores.groundedness.n}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {final ? (
        <p className="muted small">
          Mean over each model&apos;s answers, 95% bootstrap interval in brackets; every score is in [0, 1], higher is
          better (README, Quality). Groundedness: how much of the answer the retrieved reviews support (RAGAS
          faithfulness, by sentence similarity and shared words).
        </p>
      ) : null}
      {rated ? (
        <RatingsTable ratings={rated} caption="Blind votes on this run" />
      ) : final ? (
        <p className="muted small">No blind votes yet.</p>
      ) : null}
      {final ? <JudgePanel runId={id} models={models} /> : null}
      {points.length > 1 ? (
        <ChartQualitySpeed
          points={points}
          speedLabel="median generation tok/s"
          qualityLabel={rated ? "Vote score" : "Groundedness"}
          qualityBounds={rated ? undefined : [0, 1]}
        />
      ) : null}
    </section>
  );
}
