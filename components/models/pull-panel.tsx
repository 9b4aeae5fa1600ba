"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes } from "@/lib/format";
import { isEndedPull, type KeptPullPart, type PullState } from "@/lib/models/pull/types";
import { usePullProgress } from "./use-pull-progress";

// Pull a GGUF from the hub (LINEUP_HUB_URL) into the models folder, from the page: the server holds each pull
// by id, so its progress survives a reload of this page; the file is checked against the hub's SHA-256 before
// it appears in the list above, and a cancelled or dropped pull resumes from the part kept.

type Listing = { pulls: PullState[]; kept: KeptPullPart[]; presets: { name: string; note: string }[] };

const STATUS_TEXT: Record<PullState["status"], string> = {
  checking: "asking the hub",
  downloading: "downloading",
  verifying: "checking the SHA-256",
  done: "done, verified",
  failed: "failed",
  cancelled: "cancelled",
};

function timeLeft(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function PullRow({ initial, onEnd }: { initial: PullState; onEnd: (state: PullState) => void }) {
  const pull = usePullProgress(initial, onEnd);
  const cancel = useMutation({ mutationFn: () => fetchJson(`/api/models/pulls/${pull.id}/cancel`, { method: "POST" }) });
  const active = !isEndedPull(pull.status);
  return (
    <li className="stack" data-testid="pull-row" data-status={pull.status}>
      <div>
        <strong className="mono">{pull.fileName}</strong> <span className="muted">{pull.name !== pull.fileName ? pull.name : null}</span>{" "}
        <span data-testid="pull-status">{STATUS_TEXT[pull.status]}</span>
      </div>
      <ProgressBar value={pull.bytesDone} max={pull.bytesTotal ?? 0} label={`Pull of ${pull.fileName}`} />
      <div className="muted" data-testid="pull-figures">
        {formatBytes(pull.bytesDone)} of {formatBytes(pull.bytesTotal)}
        {active ? ` · ${pull.bytesPerSecond === null ? "–" : `${formatBytes(pull.bytesPerSecond)}/s`} · ${timeLeft(pull.secondsLeft)} left` : null}
        {pull.resumedFrom > 0 ? ` · resumed from ${formatBytes(pull.resumedFrom)}` : null}
      </div>
      {pull.message ? <div className={pull.status === "failed" ? "text-bad" : "muted"} role={pull.status === "failed" ? "alert" : undefined}>{pull.message}</div> : null}
      {active ? (
        <div>
          <button className="btn" type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>Cancel</button>
        </div>
      ) : null}
      {cancel.error ? <ErrorMessage error={cancel.error} /> : null}
    </li>
  );
}

export function PullPanel() {
  const client = useQueryClient();
  const listing = useQuery({ queryKey: ["model-pulls"], queryFn: () => fetchJson<Listing>("/api/models/pulls") });
  const [name, setName] = useState("");
  const start = useMutation({
    mutationFn: (what: string) => fetchJson("/api/models/pulls", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: what }) }),
    onSuccess: () => { setName(""); void client.invalidateQueries({ queryKey: ["model-pulls"] }); },
  });
  const onEnd = useCallback((state: PullState) => {
    void client.invalidateQueries({ queryKey: ["model-pulls"] });
    if (state.status === "done") void client.invalidateQueries({ queryKey: ["models"] });
  }, [client]);
  const pulls = listing.data?.pulls ?? [];

  return (
    <section className="panel stack" aria-labelledby="pull-title" data-testid="pull-panel">
      <h2 id="pull-title">Pull a model</h2>
      <p className="muted">
        Downloads a GGUF from the Hugging Face hub (or the mirror in <code>LINEUP_HUB_URL</code>) into the models folder. Free disk is
        checked first; the file is checked against the SHA-256 the hub advertises before it is listed, and deleted if it does not
        match. A dropped connection resumes where it stopped, and so does a pull started again after a cancel or a server restart.
      </p>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); start.mutate(name); }}>
        <label className="wide">Preset or hf: URI
          <input value={name} onChange={(e) => setName(e.target.value)} list="pull-presets" placeholder="llama3.2-1b, or hf:org/repo/file.gguf" required aria-label="Model to pull" />
        </label>
        <datalist id="pull-presets">
          {(listing.data?.presets ?? []).map((p) => <option key={p.name} value={p.name}>{p.note}</option>)}
        </datalist>
        <button className="btn btn-primary" type="submit" disabled={start.isPending || !name.trim()}>{start.isPending ? "Asking the hub…" : "Pull"}</button>
      </form>
      {start.error ? <ErrorMessage error={start.error} /> : null}
      {listing.error ? <ErrorMessage error={listing.error} /> : null}
      {(listing.data?.kept ?? []).map((k) => (
        <div key={k.fileName} data-testid="kept-part">
          <span className="mono">{k.fileName}</span>: {formatBytes(k.bytesDone)} of {formatBytes(k.sizeBytes)} kept from an interrupted pull.{" "}
          <button className="btn" type="button" onClick={() => start.mutate(k.name)} disabled={start.isPending}>Resume</button>
        </div>
      ))}
      {pulls.length === 0 ? <p className="muted">No pulls since the server started.</p> : (
        <ul className="stack" data-testid="pull-list">
          {pulls.map((p) => <PullRow key={`${p.id}-${isEndedPull(p.status)}`} initial={p} onEnd={onEnd} />)}
        </ul>
      )}
    </section>
  );
}
