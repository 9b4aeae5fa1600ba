"use client";

import { engineOf } from "@/lib/backends/engine-names";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatInt, formatMs } from "@/lib/format";
import { estimateRemainingMs } from "@/lib/runs/eta";
import { autoRunName, questionCountText } from "@/lib/runs/labels";
import type { LiveRun } from "@/lib/runs/reducer";
import { RunLabelEditor } from "./run-label-editor";

const BADGE: Record<string, string> = {
  completed: "badge-ok",
  failed: "badge-bad",
  cancelled: "badge-warn",
  interrupted: "badge-warn",
  running: "",
  queued: "",
};

/** Milliseconds left from each model's measured time per answer (lib/runs/eta.ts); null until one is timed. */
function estimateMs(run: LiveRun): number | null {
  if (run.run.status !== "running") return null;
  const s = run.run.settings;
  const sizes = new Map((run.run.manifest?.models ?? []).map((m) => [m.file, m.sizeBytes]));
  return estimateRemainingMs({
    models: s.models.map((model) => ({ model, sizeBytes: sizes.get(model) ?? null })),
    cellsPerRepetition: s.groups.length * s.questions.length,
    repetitions: s.repetitions,
    generations: run.generations,
  });
}

/**
 * The time left, counting down every second between answers. It is re-mounted (keyed by the answers finished)
 * when an answer lands, so the estimate is made then and the time since is taken off it: the figure moves while
 * a long answer is being written instead of standing still for minutes.
 */
function Countdown({ run }: { run: LiveRun }) {
  // Estimated once per mount (a finished answer), not on every streamed token.
  const [ms] = useState(() => estimateMs(run));
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (ms === null) return <>estimating time left…</>;
  const left = ms - (now - since);
  return <>{left > 1000 ? `about ${formatMs(left)} left` : "finishing, later than estimated…"}</>;
}

export function RunHeader({ run }: { run: LiveRun }) {
  const router = useRouter();
  const action = useMutation({
    mutationFn: (name: "cancel" | "resume" | "rerun") =>
      fetchJson<{ id?: string; run?: unknown }>(`/api/runs/${run.run.id}/${name}`, { method: "POST" }),
    onSuccess: (result, name) => {
      if (name === "rerun" && result.id) router.push(`/runs/${result.id}`);
      else router.refresh();
    },
  });
  const status = run.run.status;
  const [label, setLabel] = useState({ name: run.run.name, note: run.run.note });
  const s = run.run.settings;
  return (
    <section className="panel run-header" aria-label="Run status">
      <div className="run-title">
        <h1>
          {label.name ? (
            <>
              {label.name} <span className="mono muted run-id-small">{run.run.id}</span>
            </>
          ) : (
            <>
              {autoRunName(s.models, run.run.manifest?.dataset.name)}{" "}
              <span className="mono muted run-id-small">{run.run.id}</span>
            </>
          )}
        </h1>
        <span className={`badge ${BADGE[status] ?? ""}`} data-testid="run-status">
          {status}
        </span>
        {status === "queued" && run.position ? (
          <span className="muted">position {run.position} in the queue</span>
        ) : null}
      </div>
      <RunLabelEditor runId={run.run.id} label={label} onSaved={setLabel} />
      <div className="run-progress">
        <ProgressBar value={run.done} max={run.total} label="Answers finished" />
        <span className="muted" data-testid="run-progress">
          {formatInt(run.done)} of {formatInt(run.total)} answers
          {status === "running" ? (
            <>
              {" "}
              · <Countdown key={run.generations.length} run={run} />
            </>
          ) : null}
        </span>
      </div>
      <p className="muted small run-order" data-testid="run-order">
        {questionCountText(s, run.run.manifest?.dataset.mapping.group)} × {s.models.length} models
        {s.repetitions > 1 ? ` × ${s.repetitions} repetitions` : ""}, local models on{" "}
        <span data-testid="run-engine">{engineOf(s)}</span>. Models run one after another, never at the same time, so
        they do not compete for the CPU and memory and each one is measured on its own: the other columns wait their
        turn.
      </p>
      {run.run.error ? (
        <div className="error-box" role="alert">
          {run.run.error}
        </div>
      ) : null}
      <div className="run-actions">
        {status === "running" || status === "queued" ? (
          <button className="btn" onClick={() => action.mutate("cancel")} disabled={action.isPending}>
            Cancel
          </button>
        ) : null}
        {status === "interrupted" || status === "cancelled" || status === "failed" ? (
          <button className="btn" onClick={() => action.mutate("resume")} disabled={action.isPending}>
            Resume
          </button>
        ) : null}
        <button className="btn" onClick={() => action.mutate("rerun")} disabled={action.isPending}>
          Re-run
        </button>
        <a className="btn" href={`/api/runs/${run.run.id}/export?format=json`} download>
          Export JSON
        </a>
        <a className="btn" href={`/api/runs/${run.run.id}/export?format=csv`} download>
          Export CSV
        </a>
        <a className="btn" href={`/api/runs/${run.run.id}/export?format=html`} download>
          Export HTML
        </a>
      </div>
      {action.error ? <ErrorMessage error={action.error} /> : null}
    </section>
  );
}
