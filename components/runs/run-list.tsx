"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDate } from "@/lib/format";
import { autoRunName, questionCountText } from "@/lib/runs/labels";
import { modelColor, modelLabel } from "@/lib/runs/model-identity";
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
        <table className="data cards-sm" aria-label="Runs">
          <thead>
            <tr>
              <th>Run</th>
              <th>Compare</th>
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
                <th scope="row" className="run-cell">
                  <Link href={`/runs/${run.id}`} className="run-name" data-auto-name={run.name ? undefined : true}>
                    {run.name || autoRunName(run.settings.models, datasetNames[run.settings.datasetId])}
                  </Link>
                  <Link href={`/runs/${run.id}`} className="mono muted small run-id">
                    {run.id}
                  </Link>
                  {run.note ? (
                    <div className="muted small run-note" title={run.note}>
                      {run.note.length > 80 ? `${run.note.slice(0, 80)}…` : run.note}
                    </div>
                  ) : null}
                  {run.rerunOf ? <div className="muted small">re-run of {run.rerunOf}</div> : null}
                </th>
                <td data-label="Compare">
                  <input
                    type="checkbox"
                    aria-label={`Compare ${run.id}`}
                    checked={picked.includes(run.id)}
                    onChange={() => toggle(run.id)}
                  />
                </td>
                <td data-label="Status">
                  <span className={`badge ${BADGE[run.status] ?? ""}`}>{run.status}</span>
                </td>
                <td className="small" data-label="Models">
                  <span className="model-list">
                    {run.settings.models.map((m) => (
                      <span key={m} className="model-chip" title={m}>
                        <span className="swatch" style={{ background: modelColor(run.settings.models, m) }} />{" "}
                        {modelLabel(m, run.settings.models)}
                      </span>
                    ))}
                  </span>
                </td>
                <td data-label="Dataset">{datasetNames[run.settings.datasetId] ?? run.settings.datasetId}</td>
                <td data-label="Questions asked">
                  {questionCountText(run.settings, run.manifest?.dataset.mapping.group)}
                </td>
                <td className="small created" data-label="Created">
                  {formatDate(run.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
