"use client";

import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatInt } from "@/lib/format";
import { groupNoun } from "@/lib/runs/labels";
import type { DatasetSummary } from "@/lib/datasets/service";
import { useImportProgress } from "./use-import-progress";

/** "building the search index: 40%", or "about 40%" where the database cannot say and the time elapsed does. */
function indexLabel(percent: number | undefined, estimated: boolean | undefined): string {
  if (percent === undefined) return "building the search index";
  return `building the search index: ${estimated ? "about " : ""}${Math.floor(percent)}%${estimated ? " (estimated from time)" : ""}`;
}

const BADGE: Record<string, string> = {
  ready: "badge-ok",
  failed: "badge-bad",
  cancelled: "badge-warn",
  importing: "",
  pending: "",
};

export function DatasetRow({
  dataset,
  onChange,
  onAction,
}: {
  dataset: DatasetSummary;
  onChange: () => void;
  onAction: (id: string, action: "cancel" | "resume") => void;
}) {
  const live = useImportProgress(dataset.id, dataset.status, onChange);
  const status = live?.status ?? dataset.status;
  const done = (live?.rowsDone ?? dataset.rowsDone) + (live?.rowsSkipped ?? dataset.rowsSkipped);
  const total = live?.rowsTotal ?? dataset.rowsTotal;
  const active = status === "pending" || status === "importing";
  const skipped = live?.rowsSkipped ?? dataset.rowsSkipped;
  const indexing = live?.phase === "indexing" && live.indexPercent !== undefined ? live : null;
  return (
    <li className="dataset-row panel" data-testid="dataset" data-status={status}>
      <div className="dataset-head">
        <h3>{dataset.name}</h3>
        <span className={`badge ${BADGE[status] ?? ""}`}>{status}</span>
      </div>
      <p className="muted dataset-meta">
        {active
          ? `${formatInt(live?.rowsDone ?? dataset.rowsDone)} documents so far`
          : `${formatInt(dataset.documents)} ${dataset.documents === 1 ? "document" : "documents"} in ${formatInt(dataset.groups.length)} ${groupNoun(dataset.mapping.group, dataset.groups.length)}`}
        {skipped ? ` · ${formatInt(skipped)} ${skipped === 1 ? "row" : "rows"} without text to embed skipped` : ""}
        {dataset.rowsMerged
          ? ` · ${formatInt(dataset.rowsMerged)} repeated ${dataset.rowsMerged === 1 ? "review" : "reviews"} stored once`
          : ""}
        {dataset.status === "ready" && !dataset.dedupe ? " · every row kept, repeats included" : ""}
        {dataset.rowsCleaned
          ? ` · ${formatInt(dataset.rowsCleaned)} ${dataset.rowsCleaned === 1 ? "row" : "rows"} with NUL characters stored as “\uFFFD”`
          : ""}{" "}
        · {formatBytes(dataset.fileBytes)} · embedder <code>{dataset.embedder}</code> ({dataset.embeddingDim} dims,{" "}
        {dataset.metric}) · text from{" "}
        {dataset.mapping.text
          .map((c) => <code key={c}>{c}</code>)
          .reduce<React.ReactNode[]>((a, c, i) => (i ? [...a, " + ", c] : [c]), [])}
        {dataset.mapping.group ? (
          <>
            , grouped by <code>{dataset.mapping.group}</code>
          </>
        ) : null}
      </p>
      {active ? (
        <div className="import-progress">
          {indexing ? (
            <ProgressBar value={indexing.indexPercent ?? 0} max={100} label={`Search index of ${dataset.name}`} />
          ) : (
            <ProgressBar value={done} max={total} label={`Import of ${dataset.name}`} />
          )}
          <span className="muted">
            {formatInt(done)} of {total ? formatInt(total) : "?"} rows
            {live?.rowsPerSecond ? ` · ${live.rowsPerSecond.toFixed(0)} rows/s` : ""}
            {live?.secondsLeft !== null && live?.secondsLeft !== undefined
              ? ` · ${Math.ceil(live.secondsLeft)} s left`
              : ""}
            {live?.phase === "indexing" ? ` · ${indexLabel(live.indexPercent, live.indexEstimated)}` : ""}
          </span>
          <button className="btn" onClick={() => onAction(dataset.id, "cancel")}>
            Cancel
          </button>
        </div>
      ) : null}
      {status === "failed" ? (
        <div className="error-box" role="alert">
          {live?.error ?? dataset.error}
        </div>
      ) : null}
      {status === "cancelled" || status === "failed" ? (
        <button className="btn" onClick={() => onAction(dataset.id, "resume")}>
          Resume import
        </button>
      ) : null}
    </li>
  );
}
