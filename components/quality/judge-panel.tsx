"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { announceRunChanged } from "@/components/run/run-changed";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { modelLabel } from "@/lib/runs/model-identity";
import type { judgeSummary } from "@/lib/quality/judge-summary";
import type { JudgeMode } from "@/lib/quality/judging/prompts";
import { useJudgePicker } from "./judge-choices";
import { JudgeTrustRow, kappaText, TRUST_COLUMNS } from "./judge-trust";
import { JudgeMeans } from "./judge-means";

type Summary = Awaited<ReturnType<typeof judgeSummary>>;
type JobState = Summary["jobs"][number]["state"];

const ACTIVE = new Set<JobState>(["queued", "running"]);
/** A judge that stopped before its last unit: started again, it does only what it has not. */
const RESTARTABLE = new Set<JobState>(["interrupted", "failed", "cancelled"]);

/** Start a judge (a local file or an endpoint's model) on the run, in one mode, and read how far to trust it. */
export function JudgePanel({ runId, models }: { runId: string; models: string[] }) {
  const { model, mode, fields } = useJudgePicker(models);
  const summary = useQuery({
    queryKey: ["judge", runId],
    queryFn: () => fetchJson<Summary>(`/api/runs/${runId}/judge`),
    refetchInterval: (q) => (q.state.data?.jobs.some((j) => ACTIVE.has(j.state)) ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: (job: { model: string; mode: JudgeMode }) =>
      fetchJson(`/api/runs/${runId}/judge`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(job),
      }),
    onSuccess: () => void summary.refetch(),
  });
  const jobs = summary.data?.jobs ?? [];
  const judges = summary.data?.judges ?? [];
  // A job that was working and now is not has stored grades: the answers above show them.
  const activeBefore = useRef(0);
  const active = jobs.filter((j) => ACTIVE.has(j.state)).length;
  useEffect(() => {
    if (active < activeBefore.current) announceRunChanged(runId);
    activeBefore.current = active;
  }, [active, runId]);
  return (
    <details className="stack" data-testid="judge-panel" open={jobs.length > 0 || undefined}>
      <summary>Judges: a model grades the answers (local file or remote endpoint)</summary>
      <div className="toolbar">
        {fields}
        <button className="btn" onClick={() => start.mutate({ model, mode })} disabled={!model || start.isPending}>
          Start the judge
        </button>
      </div>
      {start.error ? <ErrorMessage error={start.error} /> : null}
      {jobs
        .filter((j) => j.state !== "done")
        .map((j) => (
          <p key={`${j.judge}:${j.mode}`} className={j.error ? "error-box" : "muted"} data-testid="judge-job">
            {modelLabel(j.judge)} ({j.mode}): {j.state}
            {j.total ? `, ${j.done} of ${j.total}` : ""}
            {j.total && ACTIVE.has(j.state) ? (
              <progress value={j.done} max={j.total} aria-label={`${modelLabel(j.judge)} ${j.mode} progress`} />
            ) : null}
            {j.error ? ` — ${j.error}` : ""}
            {RESTARTABLE.has(j.state) ? (
              <>
                {" "}
                <button
                  className="btn btn-small"
                  onClick={() => start.mutate({ model: j.judge, mode: j.mode })}
                  disabled={start.isPending}
                  data-testid="judge-restart"
                >
                  Start it again
                </button>
              </>
            ) : null}
          </p>
        ))}
      {judges.length ? (
        <div className="table-wrap">
          <table className="data cards-sm" data-testid="judge-table">
            <thead>
              <tr>
                {TRUST_COLUMNS.map((c, i) => (
                  <th key={c} className={i > 1 && i !== 4 && i !== 6 ? "num" : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {judges.map((j) => (
                <JudgeTrustRow key={`${j.judge}:${j.mode}`} j={j} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {judges.length > 1 ? (
        <ul className="small muted" data-testid="judge-agreement">
          {judges.flatMap((j, i) =>
            j.judges
              .filter((o) => o.agreement.n > 0 && judges.findIndex((x) => x.judge === o.judge && x.mode === o.mode) > i)
              .map((o) => (
                <li key={`${j.judge}:${j.mode}:${o.judge}:${o.mode}`}>
                  {modelLabel(j.judge)} ({j.mode}) and {modelLabel(o.judge)} ({o.mode}) agree on pairs:{" "}
                  {kappaText(o.agreement)}
                </li>
              )),
          )}
        </ul>
      ) : null}
      <JudgeMeans judges={judges.filter((j) => j.perModel)} models={models} />
      <p className="muted small">
        Judges answer at temperature 0, in JSON constrained by a schema where the server can (a grammar locally,
        json_schema remotely); a reply that cannot be read counts against the parse rate. Reviews, question and answers
        reach the judge fenced as data, with the instruction to ignore instructions inside them. A judge whose verdicts
        agree across the two orders no better than chance, that people&apos;s votes contradict, or whose replies mostly
        cannot be read is listed but not presented as a verdict. Grades are kept apart from votes.
      </p>
    </details>
  );
}
