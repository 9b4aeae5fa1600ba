"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatBytes, formatCount, formatInt } from "@/lib/format";
import type { ModelFacts } from "@/lib/models/gguf/inspect";
import type { Inventory } from "@/lib/models";
import { SearchedFolders } from "./searched-folders";
import { SourceBadge } from "./source-badge";
import { GpuLine } from "./gpu-line";

const CONTEXT_SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768];

import { FactsTables, type FactRow, type Valid } from "./facts-tables";

type Row = FactRow;
const fact = (pick: (f: ModelFacts) => React.ReactNode) => (m: Valid) => pick(m.facts);

const ROWS: Row[] = [
  { label: "File", hint: "the id runs and the API use", value: (m) => <span className="model-id"><span className="mono">{m.file}</span></span> },
  { label: "Found in", value: (m) => <SourceBadge source={m.source} name={m.name} /> },
  { label: "Size on disk", value: (m) => formatBytes(m.sizeBytes) },
  {
    label: "SHA-256",
    value: (m) => m.sha256
      ? <span className="mono" title={m.sha256}>{m.sha256.slice(0, 12)}…</span>
      : <span className="muted" data-testid="hash-progress">computing… {m.hashing ? Math.floor((m.hashing.doneBytes / Math.max(1, m.hashing.totalBytes)) * 100) : 0}%</span>,
  },
  { label: "Architecture", value: fact((f) => f.architecture) },
  { label: "Quantisation", value: fact((f) => f.quantization) },
  { label: "Parameters", value: fact((f) => formatCount(f.parameters)) },
  { label: "Active per token", hint: "parameters used for each token", value: fact((f) => formatCount(f.activeParameters)) },
  {
    label: "Trained context",
    hint: "checked against the context size above",
    // Past its trained context a model's attention sees positions it never learned: answers degrade or break.
    value: (m, ctx) => (
      <>
        {m.facts.contextLength ? formatCount(m.facts.contextLength) : "–"}
        {m.facts.contextLength && ctx > m.facts.contextLength
          ? <span className="badge badge-warn" data-testid="context-exceeds" title={`The chosen context (${formatInt(ctx)} tokens) is longer than this model was trained on; answers past ${formatInt(m.facts.contextLength)} tokens degrade.`}>context {formatInt(ctx)} exceeds it</span>
          : null}
      </>
    ),
  },
  { label: "Layers", value: fact((f) => f.layers) },
  { label: "Attention heads", value: fact((f) => f.heads) },
  { label: "Key/value heads", value: fact((f) => f.kvHeads) },
  { label: "GQA group size", hint: "query heads per key/value head", value: fact((f) => f.gqaGroupSize) },
  { label: "Sliding window", value: fact((f) => (f.slidingWindow ? formatCount(f.slidingWindow) : "none")) },
  { label: "Experts", hint: "used per token of total", value: fact((f) => (f.experts ? `${f.expertsUsed} of ${f.experts}` : "dense")) },
  { label: "KV cache per token", hint: "f16 keys and values, all layers", value: fact((f) => formatBytes(f.kvBytesPerToken)) },
  { label: "KV cache at context", value: (m) => formatBytes(m.kvCacheBytes) },
  {
    label: "Memory estimate",
    hint: "weights + KV cache + compute buffers, before loading",
    value: (m) => (
      <span className={m.fitsInMemory ? undefined : "text-bad"}>
        {formatBytes(m.estimateBytes)}
        {m.split && m.split.vramBytes > 0 ? (
          <span className="muted small"> ({formatBytes(m.split.ramBytes)} RAM + {formatBytes(m.split.vramBytes)} VRAM: {m.split.gpuLayers} of {m.split.totalLayers} layers on the GPU)</span>
        ) : null}{" "}
        {m.fitsInMemory ? null : <span className="badge badge-bad">exceeds free memory</span>}
      </span>
    ),
  },
];

export function ModelInventory({ initial }: { initial: Inventory }) {
  const [contextSize, setContextSize] = useState(initial.contextSize);
  const query = useQuery({
    queryKey: ["models", contextSize],
    queryFn: () => fetchJson<Inventory>(`/api/models?contextSize=${contextSize}&remote=0`),
    initialData: contextSize === initial.contextSize ? initial : undefined,
    // While headers are being read or hashes computed (in the background), look again every second.
    refetchInterval: (q) => (q.state.data?.models.some((m) => m.hashing || (!m.valid && m.pending)) ? 1000 : false),
  });
  const data = query.data ?? initial;
  const valid = data.models.filter((m): m is Valid => m.valid);
  const invalid = data.models.filter((m) => !m.valid);

  return (
    <div className="stack">
      <div className="toolbar">
        <label>
          Context size{" "}
          <select value={contextSize} onChange={(e) => setContextSize(Number(e.target.value))} aria-label="Context size">
            {CONTEXT_SIZES.map((n) => <option key={n} value={n}>{formatInt(n)} tokens</option>)}
          </select>
        </label>
        <span className="muted">Free memory now: <strong>{formatBytes(data.availableMemoryBytes)}</strong></span>
        <GpuLine gpu={data.gpu} />
        <span className="muted">Folder: <code>{data.modelsDir}</code></span>
      </div>
      <SearchedFolders folders={data.searched} />
      {query.error ? <ErrorMessage error={query.error} /> : null}

      {valid.length === 0 ? (
        <EmptyState title="No usable models">
          <p>Put GGUF files into <code>{data.modelsDir}</code> (or pull them with Ollama or LM Studio: Lineup finds them there), or run <code>npm run demo</code> to generate the demo models.</p>
        </EmptyState>
      ) : (
        <section className="panel" aria-labelledby="models-heading">
          <h2 id="models-heading">Side by side</h2>
          {valid.some((m) => m.facts.demo) ? (
            <p className="notice">
              Demo models are <strong>untrained</strong>: their weights are random, so their answers are random words.
              They measure speed and memory, not answer quality.
            </p>
          ) : null}
          {valid.some((m) => m.facts.standin) ? (
            <p className="notice">
              Stand-ins (<code>npm run models:standins</code>) have the exact shapes of real models at real size, with{" "}
              <strong>random weights</strong>: they measure speed and memory, in runs and <Link href="/sweeps">sweeps</Link>, never
              quality.
            </p>
          ) : null}
          {valid.some((m) => m.facts.trained) ? (
            <p className="notice">
              Lineup&apos;s <strong>trained</strong> models are tiny (1-4 M parameters), trained here on synthetic product reviews: they answer
              questions about reviews like those, and know nothing else.
            </p>
          ) : null}
          <FactsTables models={valid} rows={ROWS} contextSize={contextSize} />
        </section>
      )}

      {invalid.length > 0 ? (
        <section className="panel" aria-labelledby="invalid-heading">
          <h2 id="invalid-heading">Files that cannot be used</h2>
          <p className="muted">These are never loaded. Fix or replace them; the reason says how.</p>
          <div className="table-wrap">
          <table className="data">
            <thead><tr><th>File</th><th className="num">Size</th><th>Reason</th></tr></thead>
            <tbody>
              {invalid.map((m) => (
                <tr key={m.file} data-testid="invalid-model">
                  <td className="model-id"><SourceBadge source={m.source} /> <span className="mono">{m.file}</span></td>
                  <td className="num">{formatBytes(m.sizeBytes)}</td>
                  <td>{m.valid ? null : m.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="embedders-heading">
        <h2 id="embedders-heading">Embedding models</h2>
        {data.embedders.length === 0 ? (
          <p className="muted">None found. Run <code>npm run demo</code> for the demo embedder, or <code>npm run models:pull -- Xenova/all-MiniLM-L6-v2</code>.</p>
        ) : (
          <ul>
            {data.embedders.map((e) => (
              <li key={e.id}><code>{e.id}</code> {e.demo ? <span className="badge badge-warn">demo</span> : null}</li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
