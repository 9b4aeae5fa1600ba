"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatMs } from "@/lib/format";
import type { LiveRun } from "@/lib/runs/reducer";

const BADGE: Record<string, string> = { completed: "badge-ok", failed: "badge-bad", cancelled: "badge-warn", interrupted: "badge-warn", running: "", queued: "" };

/** The clock, read only after the page has hydrated (the server's clock would not match the browser's). */
function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  return now;
}

function timeLeft(run: LiveRun, now: number | null): string | null {
  if (now === null || run.run.status !== "running" || run.done === 0 || !run.run.startedAt) return null;
  const elapsed = now - new Date(run.run.startedAt).getTime();
  const perCell = elapsed / run.done;
  return formatMs(perCell * (run.total - run.done));
}

export function RunHeader({ run }: { run: LiveRun }) {
  const router = useRouter();
  const action = useMutation({
    mutationFn: (name: "cancel" | "resume" | "rerun") => fetchJson<{ id?: string; run?: unknown }>(`/api/runs/${run.run.id}/${name}`, { method: "POST" }),
    onSuccess: (result, name) => {
      if (name === "rerun" && result.id) router.push(`/runs/${result.id}`);
      else router.refresh();
    },
  });
  const status = run.run.status;
  const left = timeLeft(run, useNow());
  return (
    <section className="panel run-header" aria-label="Run status">
      <div className="run-title">
        <h1>Run <span className="mono">{run.run.id}</span></h1>
        <span className={`badge ${BADGE[status] ?? ""}`} data-testid="run-status">{status}</span>
        {status === "queued" && run.position ? <span className="muted">position {run.position} in the queue</span> : null}
      </div>
      <div className="run-progress">
        <ProgressBar value={run.done} max={run.total} label="Answers finished" />
        <span className="muted" data-testid="run-progress">{run.done} of {run.total} answers{left ? ` · about ${left} left` : ""}</span>
      </div>
      {run.run.error ? <div className="error-box" role="alert">{run.run.error}</div> : null}
      <div className="run-actions">
        {status === "running" || status === "queued" ? <button className="btn" onClick={() => action.mutate("cancel")} disabled={action.isPending}>Cancel</button> : null}
        {status === "interrupted" || status === "cancelled" || status === "failed" ? <button className="btn" onClick={() => action.mutate("resume")} disabled={action.isPending}>Resume</button> : null}
        <button className="btn" onClick={() => action.mutate("rerun")} disabled={action.isPending}>Re-run</button>
        <a className="btn" href={`/api/runs/${run.run.id}/export?format=json`} download>Export JSON</a>
        <a className="btn" href={`/api/runs/${run.run.id}/export?format=csv`} download>Export CSV</a>
        <a className="btn" href={`/api/runs/${run.run.id}/export?format=html`} download>Export HTML</a>
      </div>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </section>
  );
}
