"use client";

import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatBytes } from "@/lib/format";
import type { ColumnMapping } from "@/lib/db/schema";
import type { CsvPreview } from "@/lib/datasets/csv";
import { PreviewTable } from "./preview-table";

type UploadAnswer = {
  upload: { id: string; fileName: string; bytes: number };
  preview: CsvPreview;
  layout: "datafiniti" | null;
  mapping: ColumnMapping | null;
  embedders: { id: string; demo: boolean }[];
};

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [busy, setBusy] = useState<"uploading" | "importing" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<UploadAnswer | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({ text: [], group: null, labels: [] });
  const [name, setName] = useState("");
  const [embedder, setEmbedder] = useState("");
  const [dedupe, setDedupe] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  async function upload(file: File) {
    setError(null);
    setNotice(null);
    setAnswer(null);
    setBusy("uploading");
    try {
      const res = await fetchJson<UploadAnswer>(`/api/uploads?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "Content-Type": "text/csv" },
        body: file,
      });
      setAnswer(res);
      setMapping(res.mapping ?? { text: [], group: null, labels: [] });
      setName(file.name.replace(/\.csv$/i, ""));
      setEmbedder(res.embedders.find((e) => e.demo)?.id ?? res.embedders[0]?.id ?? "");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  async function start() {
    if (!answer) return;
    setError(null);
    setBusy("importing");
    try {
      const res = await fetchJson<{ existing: boolean; dataset: { name: string } }>("/api/datasets", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ uploadId: answer.upload.id, name, mapping, embedder, dedupe }),
      });
      setNotice(
        res.existing
          ? `This file was imported before with the same columns and embedder, as "${res.dataset.name}": it is not imported twice. Another name alone does not make a new dataset; other text, group or label columns, or another embedder, do.`
          : null,
      );
      setAnswer(null);
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  const toggle = (list: string[], column: string) =>
    list.includes(column) ? list.filter((c) => c !== column) : [...list, column];
  const headers = answer?.preview.headers ?? [];

  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a CSV</h2>
      <p className="muted">
        One document per row. The review layout of the original experiment (<code>asins</code>,{" "}
        <code>reviews.title</code>, <code>reviews.text</code>) is recognised; for any other, choose the columns below.
      </p>
      <label className="file-input">
        <span className="btn">{busy === "uploading" ? "Uploading…" : "Choose a CSV file"}</span>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file"
          disabled={busy !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
            e.target.value = "";
          }}
        />
      </label>
      {error ? <ErrorMessage error={error} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      {answer ? (
        <div className="stack import-form">
          <p>
            <strong>{answer.upload.fileName}</strong> ({formatBytes(answer.upload.bytes)}), separator{" "}
            <code>{answer.preview.delimiter === "\t" ? "tab" : answer.preview.delimiter}</code>
            {answer.layout === "datafiniti" ? <span className="badge badge-ok">review layout recognised</span> : null}
          </p>
          <PreviewTable preview={answer.preview} />
          <fieldset>
            <legend>Text to embed (joined as “title. text”)</legend>
            {headers.map((h) => (
              <label key={h} className="check">
                <input
                  type="checkbox"
                  checked={mapping.text.includes(h)}
                  onChange={() => setMapping({ ...mapping, text: toggle(mapping.text, h) })}
                />{" "}
                {h}
              </label>
            ))}
          </fieldset>
          <div className="form-grid">
            <label>
              Group column (e.g. product id)
              <select
                value={mapping.group ?? ""}
                onChange={(e) => setMapping({ ...mapping, group: e.target.value || null })}
              >
                <option value="">none: one group</option>
                {headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Name
              <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Embedding model
              <select value={embedder} onChange={(e) => setEmbedder(e.target.value)}>
                {answer.embedders.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.id}
                    {e.demo ? " (demo)" : ""}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-check">
              <input type="checkbox" checked={dedupe} onChange={(e) => setDedupe(e.target.checked)} />
              <span>
                Store identical texts of a group once
                <br />
                <span className="muted field-help">counted, so two copies of one review never fill the context</span>
              </span>
            </label>
          </div>
          <fieldset>
            <legend>Label columns to keep with each document (optional)</legend>
            {headers
              .filter((h) => !mapping.text.includes(h) && h !== mapping.group)
              .map((h) => (
                <label key={h} className="check">
                  <input
                    type="checkbox"
                    checked={mapping.labels.includes(h)}
                    onChange={() => setMapping({ ...mapping, labels: toggle(mapping.labels, h) })}
                  />{" "}
                  {h}
                </label>
              ))}
          </fieldset>
          <div>
            <button
              className="btn btn-primary"
              disabled={busy !== null || mapping.text.length === 0}
              onClick={() => void start()}
            >
              {busy === "importing" ? "Starting…" : "Import"}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
