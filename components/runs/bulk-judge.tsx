"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useJudgePicker } from "@/components/quality/judge-choices";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { modelLabel } from "@/lib/runs/model-identity";
import type { RunView } from "@/lib/runs/types";

type Result = { runId: string; position?: number; error?: string };

/** One judge queued on several finished runs at once; its results join each run's page and the leaderboard. */
export function BulkJudge({ runs }: { runs: RunView[] }) {
  const finished = runs.filter((r) => r.status === "completed" || r.status === "cancelled");
  const { model: judge, mode, fields } = useJudgePicker();
  const [picked, setPicked] = useState<string[]>([]);
  const start = useMutation({
    mutationFn: () =>
      fetchJson<{ results: Result[] }>("/api/judges", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ runIds: picked, model: judge, mode }),
      }),
  });
  if (!finished.length) return null;
  return (
    <details className="panel stack" data-testid="bulk-judge">
      <summary>Judge several runs with one model</summary>
      <fieldset className="stack-tight">
        <legend className="small muted">Finished runs</legend>
        <div className="toolbar">
          <button type="button" className="btn btn-small" onClick={() => setPicked(finished.map((r) => r.id))}>
            Select all
          </button>
          <button type="button" className="btn btn-small" onClick={() => setPicked([])}>
            Select none
          </button>
        </div>
        {finished.slice(0, 100).map((r) => (
          <label key={r.id} className="small">
            <input
              type="checkbox"
              checked={picked.includes(r.id)}
              onChange={() => setPicked((p) => (p.includes(r.id) ? p.filter((x) => x !== r.id) : [...p, r.id]))}
            />{" "}
            {r.name ?? r.id}{" "}
            <span className="muted">({r.settings.models.map((m) => modelLabel(m, r.settings.models)).join(", ")})</span>
          </label>
        ))}
      </fieldset>
      <div className="toolbar">
        {fields}
        <button className="btn" disabled={!picked.length || !judge || start.isPending} onClick={() => start.mutate()}>
          Queue the judge on {picked.length} run{picked.length === 1 ? "" : "s"}
        </button>
      </div>
      {start.error ? <ErrorMessage error={start.error} /> : null}
      {start.data ? (
        <ul className="small" data-testid="bulk-judge-results">
          {start.data.results.map((r) => (
            <li key={r.runId} className={r.error ? "error-box" : undefined}>
              <Link href={`/runs/${r.runId}`}>{r.runId}</Link>:{" "}
              {r.error ?? (r.position ? `queued, position ${r.position}` : "judging")}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
