"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatDate, formatInt } from "@/lib/format";
import { slidingWindowNote } from "@/lib/models/sliding-window";
import { modelLabel } from "@/lib/runs/model-identity";
import { configLabel, sweepConfigs } from "@/lib/sweeps/settings";
import { isContended } from "@/lib/system/load-types";
import type { SweepView as View } from "@/lib/sweeps/types";
import { SweepCharts } from "./sweep-charts";
import { SweepTable } from "./sweep-table";

type Live = View & { position: number | null };
const LIVE: View["status"][] = ["queued", "running"];

/** A sweep's page: live progress while it runs, then its charts, table, skips and what the sliding windows did. */
export function SweepView({ initial }: { initial: Live }) {
  const client = useQueryClient();
  const { data: view } = useQuery({
    queryKey: ["sweep", initial.id],
    queryFn: () => fetchJson<Live>(`/api/sweeps/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (LIVE.includes((q.state.data ?? initial).status) ? 1000 : false),
  });
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const live = LIVE.includes(view.status);
  const busy = view.points.filter((p) => isContended(p.load)).length;
  const s = view.settings;

  async function cancel() {
    setError(null);
    try {
      await fetchJson(`/api/sweeps/${view.id}/cancel`, { method: "POST" });
      await client.invalidateQueries({ queryKey: ["sweep", view.id] });
    } catch (err) {
      setError(err);
    }
  }

  async function share() {
    await navigator.clipboard?.writeText(window.location.href).catch(() => undefined);
    setCopied(true);
  }

  return (
    <>
      <section className="panel" aria-label="Sweep status">
        <p>
          <span
            className={`badge ${view.status === "done" ? "badge-ok" : view.status === "failed" || view.status === "interrupted" ? "badge-bad" : "badge-warn"}`}
            data-testid="sweep-status"
          >
            {view.status}
          </span>{" "}
          {view.status === "queued" && view.position ? (
            <span className="muted">number {view.position} in line, behind runs and judges</span>
          ) : null}
          <span className="muted">
            {" "}
            · started {formatDate(view.createdAt)}
            {view.finishedAt ? ` · ended ${formatDate(view.finishedAt)}` : ""}
          </span>
        </p>
        <ProgressBar value={view.progress.done} max={view.progress.total} label="Sweep progress" />
        <p className="muted" aria-live="polite">
          {view.progress.done} of {view.progress.total} points
          {view.progress.current ? ` · now: ${view.progress.current}` : ""}
        </p>
        {view.error ? (
          <div className="error-box" role="alert">
            {view.error}
          </div>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <p className="page-actions">
          {live ? (
            <button type="button" className="btn" onClick={cancel}>
              Cancel
            </button>
          ) : null}
          <button type="button" className="btn" onClick={share}>
            {copied ? "Link copied" : "Copy the share link"}
          </button>
          <a className="btn" href={`/api/sweeps/${view.id}/export?format=csv`}>
            CSV
          </a>
          <a className="btn" href={`/api/sweeps/${view.id}/export?format=json`}>
            JSON
          </a>
          <Link className="btn" href="/sweeps">
            New sweep
          </Link>
        </p>
      </section>
      {busy ? (
        <p className="notice" role="status">
          The machine was busy with other work during {busy} of {view.points.length} points (more than half a core used
          by other programs): their rates are lower than this machine can do. The table marks them.
        </p>
      ) : null}
      <section className="panel" aria-label="What ran">
        <h2>What ran</h2>
        <p>
          <code>
            -p {s.pp} -n {s.tg} -d {s.depths.join(",")}
          </code>
          , {s.repetitions} repetition{s.repetitions === 1 ? "" : "s"} per point;{" "}
          {sweepConfigs(s).map(configLabel).join("; ")};{" "}
          {s.gpu === "auto" ? "GPU when node-llama-cpp finds one" : "CPU"}.
          {view.machine
            ? ` ${view.machine.llamaCpp}, node-llama-cpp ${view.machine.nodeLlamaCpp}, backend ${view.machine.backend}, ${view.machine.cpus} logical CPUs, ${formatBytes(view.machine.totalMemoryBytes)} RAM.`
            : ""}
        </p>
        <ul>
          {view.models.map((m) => {
            const note = slidingWindowNote({ architecture: m.architecture, slidingWindow: m.slidingWindow, layers: 0 });
            return (
              <li key={m.file}>
                <strong>{modelLabel(m.file, s.models)}</strong> <span className="muted mono">{m.file}</span> ·{" "}
                {m.architecture} · {formatBytes(m.sizeBytes)}
                {m.loadMs ? ` · loaded in ${(m.loadMs / 1000).toFixed(1)} s` : ""} · KV {formatBytes(m.kvBytesPerToken)}
                /token by its header
                {m.standin ? (
                  <>
                    {" "}
                    <span className="badge badge-warn">stand-in: random weights, speed and memory only</span>
                  </>
                ) : null}
                {m.demo ? (
                  <>
                    {" "}
                    <span className="badge badge-warn">demo</span>
                  </>
                ) : null}
                {note ? (
                  <div className="muted" data-testid="window-note">
                    {note}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      <SweepCharts view={view} />
      <SweepTable view={view} />
      {view.skipped.length ? (
        <section className="panel" aria-label="Skipped">
          <h2>Skipped ({view.skipped.length})</h2>
          <ul>
            {view.skipped.map((k, i) => (
              <li key={i}>
                <strong>{modelLabel(k.model, s.models)}</strong>
                {k.depth !== undefined ? ` at depth ${formatInt(k.depth)}` : ""}
                {k.config ? ` (${configLabel(k.config)})` : ""}: {k.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
