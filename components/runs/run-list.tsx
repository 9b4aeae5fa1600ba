"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDate } from "@/lib/format";
import { questionCountText } from "@/lib/runs/labels";
import type { RunView } from "@/lib/runs/types";

const BADGE: Record<string, string> = {
  completed: "badge-ok",
  failed: "badge-bad",
  cancelled: "badge-warn",
  interrupted: "badge-warn",
};

export function RunList({ runs, datasetNames }: { runs: RunView[]; datasetNames: Record<string, string> }) {
  const router = useRouter();
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  return (
    <div className="stack">
      <div className="toolbar">
        <button
          className="btn"
          disabled={picked.length !== 2}
          onClick={() => router.push(`/runs/compare?a=${picked[0]}&b=${picked[1]}`)}
        >
          Compare the two chosen runs
        </button>
        <span className="muted">{picked.length === 2 ? "Ready to compare." : "Tick two runs to compare them."}</span>
      </div>
      <div className="panel table-wrap">
        <table className="data sticky-first" aria-label="Runs">
          <thead>
            <tr>
              <th>Compare</th>
              <th>Run</th>
              <th>Status</th>
              <th>Models</th>
              <th>Dataset</th>
              <th>Questions asked</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="run-row">
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${run.id}`}
                    checked={picked.includes(run.id)}
                    onChange={() => toggle(run.id)}
                  />
                </td>
                <td>
                  {run.name ? (
                    <Link href={`/runs/${run.id}`} className="run-name">
                      {run.name}
                    </Link>
                  ) : null}
                  <Link href={`/runs/${run.id}`} className={run.name ? "mono muted small run-id" : "mono"}>
                    {run.id}
                  </Link>
                  {run.note ? (
                    <div className="muted small run-note" title={run.note}>
                      {run.note.length > 80 ? `${run.note.slice(0, 80)}…` : run.note}
                    </div>
                  ) : null}
                  {run.rerunOf ? <div className="muted small">re-run of {run.rerunOf}</div> : null}
                </td>
                <td>
                  <span className={`badge ${BADGE[run.status] ?? ""}`}>{run.status}</span>
                </td>
                <td className="small">{run.settings.models.map((m) => m.replace(/\.gguf$/i, "")).join(", ")}</td>
                <td>{datasetNames[run.settings.datasetId] ?? run.settings.datasetId}</td>
                <td>{questionCountText(run.settings, run.manifest?.dataset.mapping.group)}</td>
                <td className="small">{formatDate(run.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
