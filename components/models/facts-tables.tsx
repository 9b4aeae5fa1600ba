import type { ReactNode } from "react";
import type { InventoryModel } from "@/lib/models";
import { ArchitectureNotes } from "./architecture-notes";
import { SourceBadge } from "./source-badge";
import { formatInt } from "@/lib/format";

export type Valid = Extract<InventoryModel, { valid: true }>;
export type FactRow = { label: string; hint?: string; value: (m: Valid, ctx: number) => ReactNode };

/** At most this many models side by side: 4 columns beside the row labels fit a 1440 px screen. */
const PER_TABLE = 4;

/**
 * The models in tables of at most four, trained ones first. One table of ten models was 3,383 px wide in a
 * 1,194 px box, with three models in view and the trained defaults off-screen. Each kind (trained, the rest) is
 * split into even tables (six models: two of three), so a table never holds a lone column.
 */
export function chunkModels(models: Valid[]): Valid[][] {
  const kinds = [models.filter((m) => m.facts.trained), models.filter((m) => !m.facts.trained)];
  return kinds.flatMap((kind) => {
    if (kind.length === 0) return [];
    const tables = Math.ceil(kind.length / PER_TABLE);
    const size = Math.ceil(kind.length / tables);
    return Array.from({ length: tables }, (_, i) => kind.slice(i * size, (i + 1) * size));
  });
}

function Heading({ m }: { m: Valid }) {
  return (
    <th scope="col">
      {m.facts.name || m.file} {m.facts.demo ? <span className="badge badge-warn">demo</span> : null}
      {m.facts.trained ? <span className="badge">trained</span> : null}
      {m.facts.standin ? <span className="badge badge-warn">stand-in: random weights</span> : null}
      {m.source === "models-dir" ? null : (
        <>
          {" "}
          <SourceBadge source={m.source} />
        </>
      )}
    </th>
  );
}

/** The facts of each model, a column per model; below 640 px each fact becomes a card listing the models. */
export function FactsTables({ models, rows, contextSize }: { models: Valid[]; rows: FactRow[]; contextSize: number }) {
  const atContext = (label: string) =>
    label === "KV cache at context" || label === "Memory estimate" ? ` (${formatInt(contextSize)})` : "";
  return chunkModels(models).map((chunk) => (
    <div className="table-wrap facts-wrap" key={chunk[0].file}>
      <table className="data facts-table cards-sm" data-models={chunk.length}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {chunk.map((m) => (
              <Heading key={m.file} m={m} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">
                {row.label}
                {atContext(row.label)}
                {row.hint ? <div className="hint">{row.hint}</div> : null}
              </th>
              {chunk.map((m) => (
                <td key={m.file} data-model={m.file} data-label={m.facts.name || m.file}>
                  {row.value(m, contextSize)}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">What it means</th>
            {chunk.map((m) => (
              <td key={m.file} data-model={m.file} data-label={m.facts.name || m.file}>
                <ArchitectureNotes facts={m.facts} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  ));
}
