"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatBytes, formatInt } from "@/lib/format";
import { DEFAULT_DEPTHS, KV_CACHE_TYPES, LIMITS, type KvCacheType } from "@/lib/sweeps/settings";

export type SweepFormModel = {
  file: string;
  sizeBytes: number;
  contextLength: number | null;
  standin: boolean;
  demo: boolean;
  fits: boolean;
};

const numbers = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** Starts a sweep: the models, the depths, llama-bench's pp/tg, and the axes; opens its page once queued. */
export function SweepForm({ models, threads }: { models: SweepFormModel[]; threads: number }) {
  const router = useRouter();
  const [chosen, setChosen] = useState<string[]>(() => {
    const standins = models.filter((m) => m.standin && m.fits).map((m) => m.file);
    return (standins.length ? standins : models.map((m) => m.file)).slice(0, 3);
  });
  const [depths, setDepths] = useState(DEFAULT_DEPTHS.join(", "));
  const [pp, setPp] = useState(512);
  const [tg, setTg] = useState(128);
  const [reps, setReps] = useState(3);
  const [threadText, setThreadText] = useState(String(threads));
  const [kv, setKv] = useState<KvCacheType[]>(["f16"]);
  const [flash, setFlash] = useState<boolean[]>([false]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const depthList = numbers(depths);
    const threadList = numbers(threadText);
    if (depthList.some((d) => !Number.isInteger(d) || d < 0))
      return setError(new Error("Depths are whole numbers of tokens, 0 or more, separated by commas."));
    if (threadList.some((t) => !Number.isInteger(t) || t < 1))
      return setError(new Error("Threads are whole numbers, 1 or more, separated by commas."));
    setBusy(true);
    try {
      const { id } = await fetchJson<{ id: string }>("/api/sweeps", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          models: chosen,
          depths: depthList,
          pp,
          tg,
          repetitions: reps,
          threads: threadList,
          kvCacheType: kv,
          flashAttention: flash,
        }),
      });
      router.push(`/sweeps/${id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const points =
    chosen.length * numbers(depths).length * Math.max(1, numbers(threadText).length) * kv.length * flash.length;
  return (
    <form className="panel" onSubmit={submit} aria-label="New sweep">
      <h2>New sweep</h2>
      {models.length === 0 ? (
        <p className="muted">No usable model files were found. The Models page says where Lineup looks.</p>
      ) : null}
      <div className="model-picks">
        {models.map((m) => (
          <label key={m.file} className="model-pick">
            <input
              type="checkbox"
              checked={chosen.includes(m.file)}
              onChange={() => setChosen(toggle(chosen, m.file))}
            />
            <span>
              <span className="mono">{m.file}</span>
              <br />
              <span className="muted">
                {formatBytes(m.sizeBytes)}
                {m.contextLength ? ` · trained context ${formatInt(m.contextLength)}` : ""}
              </span>{" "}
              {m.standin ? <span className="badge badge-warn">stand-in: random weights</span> : null}
              {m.demo ? <span className="badge badge-warn">demo</span> : null}
              {!m.fits ? <span className="badge badge-bad">may not fit in memory</span> : null}
            </span>
          </label>
        ))}
      </div>
      <div className="form-grid">
        <label className="wide">
          Depths (tokens already in the context)
          <input value={depths} onChange={(e) => setDepths(e.target.value)} aria-describedby="depths-help" />
          <small id="depths-help" className="muted">
            Depths past a model&apos;s trained context, or that would not fit in memory, are skipped with the reason.
          </small>
        </label>
        <label>
          Prompt tokens (pp)
          <input type="number" min={1} max={LIMITS.pp} value={pp} onChange={(e) => setPp(Number(e.target.value))} />
        </label>
        <label>
          Generated tokens (tg)
          <input type="number" min={1} max={LIMITS.tg} value={tg} onChange={(e) => setTg(Number(e.target.value))} />
        </label>
        <label>
          Repetitions
          <input
            type="number"
            min={1}
            max={LIMITS.repetitions}
            value={reps}
            onChange={(e) => setReps(Number(e.target.value))}
          />
        </label>
        <label>
          Threads (one or more)
          <input value={threadText} onChange={(e) => setThreadText(e.target.value)} />
        </label>
        <span className="wide" role="group" aria-label="KV cache type">
          KV cache type:{" "}
          {KV_CACHE_TYPES.map((t) => (
            <label key={t} className="inline-check">
              <input type="checkbox" checked={kv.includes(t)} onChange={() => setKv(toggle(kv, t))} /> {t}
            </label>
          ))}
          <span className="muted"> · </span>flash attention:{" "}
          {[false, true].map((on) => (
            <label key={String(on)} className="inline-check">
              <input type="checkbox" checked={flash.includes(on)} onChange={() => setFlash(toggle(flash, on))} />{" "}
              {on ? "on" : "off"}
            </label>
          ))}
        </span>
      </div>
      <p className="muted">
        {points} point{points === 1 ? "" : "s"} (at most {LIMITS.points}). Each fills a context to its depth once, then
        times {pp} prompt tokens and {tg} generated tokens {reps} times, as{" "}
        <code>
          llama-bench -p {pp} -n {tg} -d …
        </code>{" "}
        does. A sweep waits behind runs and judges, one job at a time.
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      <button
        type="submit"
        className="btn btn-primary"
        disabled={busy || !chosen.length || !kv.length || !flash.length}
      >
        {busy ? "Starting…" : "Start the sweep"}
      </button>
    </form>
  );
}
