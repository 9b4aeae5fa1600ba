"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { RUN_NAME_MAX, RUN_NOTE_MAX } from "@/lib/runs/labels";

type Label = { name: string | null; note: string | null };

/** The run's name and note, shown under its title and editable in place (PATCH /api/runs/:id). */
export function RunLabelEditor({
  runId,
  label: saved,
  onSaved,
}: {
  runId: string;
  label: Label;
  onSaved: (label: Label) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(saved.name ?? "");
  const [note, setNote] = useState(saved.note ?? "");
  const save = useMutation({
    mutationFn: () =>
      fetchJson<Label>(`/api/runs/${runId}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, note }),
      }),
    onSuccess: (label) => {
      onSaved(label);
      setEditing(false);
    },
  });
  if (!editing) {
    return (
      <div className="run-label" data-testid="run-label">
        {saved.note ? <p className="run-note-text">{saved.note}</p> : null}
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
          {saved.name || saved.note ? "Edit name and note" : "Add a name and note"}
        </button>
      </div>
    );
  }
  return (
    <form
      className="run-label run-label-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {/* No maxLength on the inputs: an over-long text reaches the server and its message says what to do. */}
      <label>
        Name <span className="muted small">(up to {RUN_NAME_MAX} characters)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Run name" />
      </label>
      <label>
        Note <span className="muted small">(up to {RUN_NOTE_MAX} characters)</span>
        <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} aria-label="Run note" />
      </label>
      <div className="run-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setEditing(false);
            save.reset();
            setName(saved.name ?? "");
            setNote(saved.note ?? "");
          }}
        >
          Cancel
        </button>
      </div>
      {save.error ? <ErrorMessage error={save.error} /> : null}
    </form>
  );
}
