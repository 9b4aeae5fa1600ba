import { formatBytes, formatMs } from "../format";
import { METRIC_KEYS, type GenerationMetrics } from "../metrics/generation";
import { modelColor, shortName } from "./chart-data";
import { NUMBER_SETTINGS } from "./setting-fields";
import type { RunDetail } from "./types";

// A run as files: JSON (everything, manifest included), CSV (one row per generation), and one HTML page
// that opens without the server. Every text from models and reviews is escaped: shown, never run.

export function runJson(detail: RunDetail): string {
  return JSON.stringify({ run: detail.run, questions: detail.questions, generations: detail.generations, summaries: detail.summaries }, null, 2);
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
  const header = ["run_id", "group", "group_name", "question", "model", "repetition", "cold", "status", "stop_reason", "error", ...METRIC_COLUMNS, "answer"];
  const byId = new Map(detail.questions.map((q) => [q.id, q]));
  const rows = detail.generations.map((g) => {
    const q = byId.get(g.questionId);
    return [detail.run.id, q?.groupKey, q ? detail.groupNames?.[q.groupKey] : null, q?.question, g.model, g.repetition + 1, g.cold, g.status, g.stopReason, g.error, ...METRIC_COLUMNS.map((k) => g.metrics[k]), g.answer];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

export const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function barSvg(title: string, values: { label: string; value: number | null; color: string }[], format: (v: number) => string): string {
  const max = Math.max(1e-9, ...values.map((v) => v.value ?? 0));
  const width = 360;
  const row = 26;
  const bars = values.map((v, i) => {
    const w = ((v.value ?? 0) / max) * 200;
    return `<text x="0" y="${i * row + 17}" font-size="11">${esc(v.label)}</text><rect x="130" y="${i * row + 5}" width="${w.toFixed(1)}" height="16" fill="${v.color}"/><text x="${(135 + w).toFixed(1)}" y="${i * row + 17}" font-size="11">${esc(v.value === null ? "–" : format(v.value))}</text>`;
  }).join("");
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${values.length * row + 6}">${bars}</svg></figure>`;
}

export function runHtml(detail: RunDetail): string {
  const { run } = detail;
  const models = run.settings.models;
  const color = (m: string) => modelColor(models, m);
  const series = (key: keyof GenerationMetrics) => detail.summaries.map((s) => ({ label: shortName(s.model), value: s.figures[key].mean, color: color(s.model) }));
  const charts = [
    barSvg("Generation rate (tokens/s)", series("generationTokensPerSecond"), (v) => v.toFixed(1)),
    barSvg("Words per second", series("wordsPerSecond"), (v) => v.toFixed(1)),
    barSvg("Time to first token", series("ttftMs"), formatMs),
    barSvg("End-to-end time", series("endToEndMs"), formatMs),
    barSvg("Peak memory", detail.summaries.map((s) => ({ label: shortName(s.model), value: s.figures.peakRssBytes.max, color: color(s.model) })), formatBytes),
    barSvg("Answer length (words)", series("words"), (v) => v.toFixed(0)),
  ].join("");
  const questions = detail.questions.map((q) => {
    const cells = models.map((m) => {
      const g = detail.generations.find((x) => x.questionId === q.id && x.model === m && x.repetition === 0);
      const figures = g?.metrics ? `<p class="fig">${esc(g.metrics.generationTokensPerSecond?.toFixed(1) ?? "–")} tok/s · TTFT ${esc(formatMs(g.metrics.ttftMs))} · ${esc(g.metrics.words ?? "–")} words</p>` : "";
      return `<td><p class="ans">${esc(g?.status === "failed" ? `failed: ${g.error}` : g?.answer ?? "")}</p>${figures}</td>`;
    }).join("");
    const docs = q.documents.map((d) => `<li>${esc(d.text)} <small>(score ${d.score.toFixed(3)})</small></li>`).join("");
    return `<section><h3>${esc(q.groupKey)}: ${esc(q.question)}</h3><details><summary>Retrieved context</summary><ol>${docs}</ol></details><table><tr>${models.map((m) => `<th>${esc(shortName(m))}</th>`).join("")}</tr><tr>${cells}</tr></table></section>`;
  }).join("");
  // Its own policy, for when it is opened from disk with no server headers: styles and inline images, no scripts.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lineup run ${esc(run.id)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#17202e}table{border-collapse:collapse;width:100%}td,th{border:1px solid #e2e6ec;padding:6px 8px;vertical-align:top;text-align:left}.ans{white-space:pre-wrap;overflow-wrap:anywhere}.fig{color:#5b6576;font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600;font-size:13px}pre{background:#f3f5f8;padding:10px;overflow:auto;font-size:12px}</style></head>
<body><h1>Lineup run ${esc(run.id)}</h1><p>Status: <strong>${esc(run.status)}</strong> · ${detail.done} of ${detail.total} answers · created ${esc(run.createdAt)}</p>
<p>Models: ${models.map((m) => esc(m)).join(", ")} · ${NUMBER_SETTINGS.map((f) => `${esc(f.label)} ${esc(run.settings[f.key])}`).join(" · ")}</p>
<div class="charts">${charts}</div>${questions}
<h2>Manifest</h2><pre>${esc(JSON.stringify(run.manifest, null, 2))}</pre>
<p><small>Static snapshot exported from Lineup; it needs no server.</small></p></body></html>`;
}
