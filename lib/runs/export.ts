import { METRIC_KEYS } from "../metrics/generation";
import { judgeColumns, judgeCsvHeader, judgeCsvValues } from "../quality/judging/judge-export";
import { QUALITY_CSV_HEADER, qualityCsvValues, qualityJson } from "../quality/export-block";
import { isContended } from "../system/load-types";
import { noiseReport } from "./noise";
import type { RunDetail } from "./types";

// A run as files: JSON (everything, manifest included), CSV (one row per generation), and one HTML page
// that opens without the server. Every text from models and reviews is escaped: shown, never run.

export function runJson(detail: RunDetail): string {
  const noise = noiseReport(detail.run.settings.models, detail.generations);
  return JSON.stringify(
    {
      run: detail.run,
      warnings: noise.warnings,
      advice: noise.advice,
      noise: noise.models,
      groupNames: detail.groupNames,
      questions: detail.questions,
      generations: detail.generations,
      summaries: detail.summaries,
      quality: qualityJson(detail),
    },
    null,
    2,
  );
}

const METRIC_COLUMNS = METRIC_KEYS;

/**
 * A spreadsheet runs a cell as a formula when its text starts with = + - @ (or with a tab or carriage return,
 * and some do so after leading spaces too). Text cells (answers, questions, errors: model- and user-written)
 * starting so are prefixed with ' (OWASP CSV injection); numbers we computed are written as numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  const safe = typeof value !== "number" && /^[\s]*[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function runCsv(detail: RunDetail): string {
  const judged = judgeColumns(detail);
  const header = [
    "run_id",
    "group",
    "group_name",
    "question",
    "model",
    "repetition",
    "cold",
    "status",
    "stop_reason",
    "error",
    ...METRIC_COLUMNS,
    "other_cpu_cores",
    "steal_percent",
    "contended",
    ...QUALITY_CSV_HEADER,
    ...judgeCsvHeader(judged),
    "answer",
  ];
  const byId = new Map(detail.questions.map((q) => [q.id, q]));
  const rows = detail.generations.map((g) => {
    const q = byId.get(g.questionId);
    return [
      detail.run.id,
      q?.groupKey,
      q ? detail.groupNames?.[q.groupKey] : null,
      q?.question,
      g.model,
      g.repetition + 1,
      g.cold,
      g.status,
      g.stopReason,
      g.error,
      ...METRIC_COLUMNS.map((k) => g.metrics[k]),
      g.load?.otherCores,
      g.load?.stealPercent,
      g.load ? isContended(g.load) : null,
      ...qualityCsvValues(g),
      ...judgeCsvValues(judged, g),
      g.answer,
    ];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}
