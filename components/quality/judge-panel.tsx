"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { modelLabel } from "@/lib/runs/model-identity";
import { formatShare } from "@/lib/format";
import type { judgeSummary } from "@/lib/quality/judge-summary";

type Summary = Awaited<ReturnType<typeof judgeSummary>>;
type JobState = Summary["jobs"][number]["state"];

const ACTIVE = new Set<JobState>(["queued", "running"]);
/** A judge that stopped before its last pair: started again, it grades only the pairs it has not. */
const RESTARTABLE = new Set<JobState>(["interrupted", "failed", "cancelled"]);
const fixed = (v: number | null, d = 2) => (v === null ? "–" : v.toFixed(d));

/** Start a local judge on the run's pairs and read how it did: parse rate, position flips, agreement with votes. */
export function JudgePanel({ runId, models }: { runId: string; models: string[] }) {
  const [model, setModel] = useState(models[0] ?? "");
  const summary = useQuery({
    queryKey: ["judge", runId],
    queryFn: () => fetchJson<Summary>(`/api/runs/${runId}/judge`),
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => ACTIVE.has(j.state)) ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: (judge: string) =>
      fetchJson(`/api/runs/${runId}/judge`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ model: judge }),
      }),
    onSuccess: () => void summary.refetch(),
  });
  // Any usable model in the folder can judge, not only the run's own.
  const inventory = useQuery({
    queryKey: ["judge-models"],
    queryFn: () => fetchJson<{ models: { file: string; valid: boolean }[] }>("/api/models?remote=0"),
  });
  const choices = [
    ...new Set([...models, ...(inventory.data?.models.filter((m) => m.valid).map((m) => m.file) ?? [])]),
  ];
  const jobs = summary.data?.jobs ?? [];
  return (
    <details className="stack" data-testid="judge-panel">
      <summary>Local judge (optional): a model grades each pair in both orders</summary>
      <div className="toolbar">
        <label>
          Judge model{" "}
          <select value={model} onChange={(e) => setModel(e.target.value)}>
            {choices.map((m) => (
              <option key={m} value={m}>
                {modelLabel(m, choices)}
              </option>
            ))}
          </select>
        </label>
        <button className="btn" onClick={() => start.mutate(model)} disabled={!model || start.isPending}>
          Judge the pairs
        </button>
      </div>
      {start.error ? <ErrorMessage error={start.error} /> : null}
      {jobs
        .filter((j) => j.state !== "done")
        .map((j) => (
          <p key={j.judge} className={j.error ? "error-box" : "muted"} data-testid="judge-job">
            {modelLabel(j.judge, models)}: {j.state}
            {j.total ? `, ${j.done} of ${j.total} pairs` : ""}
            {j.error ? ` — ${j.error}` : ""}
            {RESTARTABLE.has(j.state) ? (
              <>
                {" "}
                <button
                  className="btn btn-small"
                  onClick={() => start.mutate(j.judge)}
                  disabled={start.isPending}
                  data-testid="judge-restart"
                >
                  Start it again
                </button>
              </>
            ) : null}
          </p>
        ))}
      {summary.data?.judges.length ? (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Judge</th>
                <th className="num">Pairs</th>
                <th className="num">Parsed</th>
                <th className="num">Order flips</th>
                <th className="num">Agreement with votes</th>
                <th className="num">Cohen&apos;s κ</th>
              </tr>
            </thead>
            <tbody>
              {summary.data.judges.map((j) => (
                <tr key={j.judge} data-testid="judge-row">
                  <td className="mono">{modelLabel(j.judge, models)}</td>
                  <td className="num">{j.pairs}</td>
                  <td className="num">{formatShare(j.parseRate)}</td>
                  <td className="num">{j.inconsistent}</td>
                  <td className="num">
                    {j.agreement.rate === null ? "–" : `${formatShare(j.agreement.rate)} of ${j.agreement.n}`}
                  </td>
                  <td className="num">{fixed(j.agreement.kappa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted small">
        Output is constrained to {'{"better": "1" | "2" | "tie"}'} by a JSON-schema grammar, so it always parses. Each
        pair is judged with either answer first; a verdict that flips with the order is counted as a flip and left out
        of the agreement. Verdicts are kept apart from votes.
      </p>
    </details>
  );
}
