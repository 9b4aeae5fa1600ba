"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatBytes } from "@/lib/format";
import type { Inventory, InventoryModel } from "@/lib/models";
import { estimateMemoryBytes, splitEstimate } from "@/lib/models/estimate";
import type { DatasetSummary } from "@/lib/datasets/service";
import {
  defaultNumbers,
  DEFAULT_GROUP_COUNT,
  DEFAULT_PROMPT,
  DEFAULT_QUESTIONS,
  NUMBER_SETTINGS,
  settingField,
  type NumberSettingKey,
} from "@/lib/runs/setting-fields";
import { TRAINED_MODELS } from "@/lib/models/trained/specs";
import { DEFAULT_RETRIEVAL, type Retrieval } from "@/lib/retrieval/modes";
import { RetrievalFields } from "@/components/datasets/retrieval-fields";
import { RemotePicks } from "./remote-picks";
import { RUN_NAME_MAX, RUN_NOTE_MAX } from "@/lib/runs/labels";
import { DEFAULT_ENGINE, ENGINE_LABELS, LOCAL_ENGINES, type LocalEngine } from "@/lib/backends/engine-names";
import {
  DEFAULT_PROMPT_FORMAT,
  GPU_CHOICES,
  GPU_LABELS,
  PROMPT_FORMAT_LABELS,
  PROMPT_FORMATS,
  type GpuChoice,
  type PromptFormat,
} from "@/lib/runs/run-options";
import { SourceBadge } from "@/components/models/source-badge";
import { GpuLine } from "@/components/models/gpu-line";
import { sortGroups } from "@/lib/datasets/group-names";
import { GroupPicker } from "./group-picker";

type Valid = Extract<InventoryModel, { valid: true }>;

export function RunForm({
  datasets,
  inventory,
  threads,
  gpu: gpuDefault,
  llamaServer,
}: {
  datasets: DatasetSummary[];
  inventory: Inventory;
  threads: number;
  /** The server's default for where local models run (LINEUP_GPU). */
  gpu: GpuChoice;
  /** The llama-server engine is offered once `npm run llama:build` has been run. */
  llamaServer: { ready: true } | { ready: false; reason: string };
}) {
  const router = useRouter();
  const models = inventory.models.filter((m): m is Valid => m.valid);
  const [datasetId, setDatasetId] = useState(datasets[0]?.id ?? "");
  const dataset = datasets.find((d) => d.id === datasetId);
  const [groups, setGroups] = useState<string[]>(
    sortGroups(dataset?.groups ?? [])
      .slice(0, DEFAULT_GROUP_COUNT)
      .map((g) => g.group),
  );
  const [questions, setQuestions] = useState<string[]>(DEFAULT_QUESTIONS);
  // Default comparison: the trained demo models (dense, GQA, MoE, larger dense); else the untrained ones. Until
  // the user picks, the default follows the inventory: files whose headers are still being read join it.
  const trained = TRAINED_MODELS.map((t) => models.find((m) => m.file === t.file && m.facts.trained)).filter(
    (m) => m !== undefined,
  );
  const proposed = (trained.length ? trained : models.filter((m) => m.file.startsWith("demo-")))
    .map((m) => m.file)
    .slice(0, 5);
  const [picked, setChosen] = useState<string[] | null>(null);
  const chosen = picked ?? proposed;
  const [settings, setSettings] = useState(() => defaultNumbers(threads));
  const [promptTemplate, setPromptTemplate] = useState(DEFAULT_PROMPT);
  const [retrieval, setRetrieval] = useState<Retrieval>(DEFAULT_RETRIEVAL);
  const [engine, setEngine] = useState<LocalEngine>(DEFAULT_ENGINE);
  const [promptFormat, setPromptFormat] = useState<PromptFormat>(DEFAULT_PROMPT_FORMAT);
  const [gpu, setGpu] = useState<GpuChoice>(gpuDefault);
  const found = inventory.gpu.found;
  const vramFree = found && found.backend !== "cpu" ? found.vramFreeBytes : null;
  const [runName, setRunName] = useState("");
  const [runNote, setRunNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (list: string[], item: string) =>
    list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  const number = (key: NumberSettingKey) => {
    const field = settingField(key);
    return (
      <label key={key}>
        {field.label}
        <input
          type="number"
          step={field.step}
          min={field.min}
          max={field.max}
          value={settings[key]}
          onChange={(e) => setSettings({ ...settings, [key]: Number(e.target.value) })}
        />
      </label>
    );
  };

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { url } = await fetchJson<{ url: string }>("/api/runs", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          datasetId,
          groups,
          questions: questions.map((q) => q.trim()).filter(Boolean),
          models: chosen,
          promptTemplate,
          ...settings,
          retrieval: retrieval.mode,
          mmr: retrieval.mmr,
          engine,
          promptFormat,
          gpu,
          name: runName,
          note: runNote,
        }),
      });
      router.push(url);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form className="stack run-form" onSubmit={start} aria-label="New comparison">
      <section className="panel">
        <h2>1. Data</h2>
        <div className="form-grid">
          <label>
            Dataset
            <select
              value={datasetId}
              onChange={(e) => {
                const next = datasets.find((d) => d.id === e.target.value);
                setDatasetId(e.target.value);
                setGroups(
                  sortGroups(next?.groups ?? [])
                    .slice(0, DEFAULT_GROUP_COUNT)
                    .map((g) => g.group),
                );
              }}
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.documents} documents)
                </option>
              ))}
            </select>
          </label>
          {number("k")}
          <RetrievalFields value={retrieval} onChange={setRetrieval} />
        </div>
        {dataset ? <GroupPicker groups={dataset.groups} chosen={groups} onChange={setGroups} /> : null}
      </section>

      <section className="panel">
        <h2>2. Questions</h2>
        <p className="muted">
          Asked for every group, with the group&apos;s top-k documents as context; every model gets the same prompt.
        </p>
        <ol className="question-list">
          {questions.map((q, i) => (
            <li key={i}>
              <input
                aria-label={`Question ${i + 1}`}
                value={q}
                onChange={(e) => setQuestions(questions.map((x, j) => (j === i ? e.target.value : x)))}
              />
              <button
                type="button"
                className="btn"
                onClick={() => setQuestions(questions.filter((_, j) => j !== i))}
                aria-label={`Remove question ${i + 1}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="btn" onClick={() => setQuestions([...questions, ""])}>
          Add a question
        </button>
      </section>

      <section className="panel">
        <h2>
          3. Models <span className="muted">({chosen.length} of 2–5 chosen)</span>
        </h2>
        <p className="muted">
          Free memory now: {formatBytes(inventory.availableMemoryBytes)}. Estimates are for the context size below.{" "}
          <GpuLine gpu={inventory.gpu} />
        </p>
        <p className="muted">
          A run asks short questions. How a model slows down and how much memory it takes as the context fills (4k, 8k,
          32k tokens) is what a <Link href="/sweeps">sweep</Link> measures.
        </p>
        <div className="model-picks">
          {models.map((m) => {
            const estimate = estimateMemoryBytes(m.facts, settings.contextSize);
            const split = splitEstimate(m.facts, settings.contextSize, gpu === "auto" ? vramFree : null);
            return (
              <label key={m.file} className="model-pick">
                <input
                  type="checkbox"
                  checked={chosen.includes(m.file)}
                  onChange={() => setChosen(toggle(chosen, m.file))}
                />
                <span>
                  <strong>{m.facts.name || m.file}</strong>{" "}
                  {m.facts.demo ? <span className="badge badge-warn">demo</span> : null}
                  {m.facts.trained ? <span className="badge">trained on synthetic reviews</span> : null}
                  <br />
                  {m.source === "models-dir" ? null : (
                    <>
                      <SourceBadge source={m.source} />{" "}
                    </>
                  )}
                  <span className="model-id">
                    <span className="muted mono">{m.file}</span>
                  </span>
                  <br />
                  <span className="muted">
                    {formatBytes(m.sizeBytes)} on disk · about {formatBytes(estimate)} in memory
                    {split.vramBytes > 0
                      ? ` (${formatBytes(split.ramBytes)} RAM + ${formatBytes(split.vramBytes)} VRAM)`
                      : null}
                  </span>
                  {split.ramBytes > inventory.availableMemoryBytes ? (
                    <span className="badge badge-bad">more than free memory</span>
                  ) : null}
                </span>
              </label>
            );
          })}
        </div>
        <RemotePicks chosen={chosen} onToggle={(ref) => setChosen(toggle(chosen, ref))} />
      </section>

      <section className="panel">
        <h2>4. Settings</h2>
        <div className="form-grid">
          {NUMBER_SETTINGS.filter((f) => f.key !== "k").map((f) => number(f.key))}
          <label>
            Engine for local models
            <select value={engine} onChange={(e) => setEngine(e.target.value as LocalEngine)}>
              {LOCAL_ENGINES.map((name) => (
                <option key={name} value={name} disabled={name === "llama-server" && !llamaServer.ready}>
                  {ENGINE_LABELS[name]}
                  {name === "llama-server" && !llamaServer.ready ? " — not built here" : ""}
                </option>
              ))}
            </select>
            {llamaServer.ready ? null : (
              <span className="muted small">
                llama-server: run <code>npm run llama:build</code> once (cmake, g++; about 6 minutes) to offer it.
              </span>
            )}
          </label>
          <label>
            Prompt format
            <select value={promptFormat} onChange={(e) => setPromptFormat(e.target.value as PromptFormat)}>
              {PROMPT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {PROMPT_FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
            <span className="muted small">A model whose file has no chat template gets the raw prompt.</span>
          </label>
          <label>
            GPU
            <select value={gpu} onChange={(e) => setGpu(e.target.value as GpuChoice)}>
              {GPU_CHOICES.map((g) => (
                <option key={g} value={g}>
                  {GPU_LABELS[g]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="form-grid run-label-fields">
          <label>
            Run name <span className="muted">(optional)</span>
            <input
              value={runName}
              maxLength={RUN_NAME_MAX}
              onChange={(e) => setRunName(e.target.value)}
              placeholder="e.g. laptop, battery saver off"
            />
          </label>
          <label>
            Note <span className="muted">(optional)</span>
            <textarea
              rows={2}
              value={runNote}
              maxLength={RUN_NOTE_MAX}
              onChange={(e) => setRunNote(e.target.value)}
              placeholder="what you are trying to find out"
            />
          </label>
        </div>
        <details>
          <summary>Prompt template</summary>
          <textarea
            aria-label="Prompt template"
            rows={6}
            value={promptTemplate}
            onChange={(e) => setPromptTemplate(e.target.value)}
            className="prompt-input"
          />
        </details>
      </section>

      {error ? <ErrorMessage error={error} /> : null}
      <div>
        <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
          {busy ? "Starting…" : "Start the comparison"}
        </button>
      </div>
    </form>
  );
}
