import { groupDisplay } from "../datasets/group-names";
import { formatBytes, formatMs } from "../format";
import type { GenerationMetrics } from "../metrics/generation";
import { medianInterval, type Summary } from "../metrics/stats";
import { modelColor, modelLabel, timeUnitOf } from "./chart-data";
import { autoRunName } from "./labels";
import { noiseReport, type NoiseReport } from "./noise";
import { runVerdict } from "./verdict";
import { verdictHtml } from "./verdict-text";
import { NUMBER_SETTINGS } from "./setting-fields";
import { qualityHtml } from "../quality/export-block";
import { judgeHtml } from "../quality/judging/judge-export";
import { retrievalLabel, retrievalOf } from "../retrieval/modes";
import type { RunDetail } from "./types";

// The run as one HTML page that opens without the server: warnings first (demo models, noisy figures), then
// the summary table with n and intervals, bar charts whose labels and values always fit inside the drawing,
// and the answers in fixed-width columns. Every text from models, reviews and users is escaped: shown, never run.

export const EXPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const CHAR_PX = 6.6; // 11 px system font, generous, so text never runs past the drawing
const BAR_PX = 220;

type Bar = { label: string; color: string; s: Summary | null; value?: number | null };

/** Horizontal bars (median with a p10–p90 whisker, or a single value); label and value columns sized to their text. */
export function barSvg(title: string, bars: Bar[], format: (v: number) => string): string {
  const rows = bars.map((b) => {
    const iv = b.s
      ? medianInterval(b.s)
      : b.value != null
        ? { median: Math.max(0, b.value), low: Math.max(0, b.value), high: Math.max(0, b.value) }
        : null;
    const text = !iv
      ? "–"
      : b.s && b.s.n > 1
        ? `${format(iv.median)} (${format(iv.low)}–${format(iv.high)}), n = ${b.s.n}`
        : format(iv.median);
    return { ...b, iv, text };
  });
  // The label on its own line above its bar: label, bar and value side by side made every chart about 700 px
  // wide, clipped on a phone. The drawing scales down to its box (max-width 100%) and never grows past its size.
  const labelW = Math.ceil(Math.max(40, ...rows.map((r) => r.label.length * CHAR_PX)));
  const valueW = Math.ceil(Math.max(20, ...rows.map((r) => r.text.length * CHAR_PX))) + 8;
  const max = Math.max(1e-9, ...rows.map((r) => r.iv?.high ?? 0));
  const x = (v: number) => (v / max) * BAR_PX;
  const row = 38;
  const body = rows
    .map((r, i) => {
      const y = i * row;
      const label = `<text x="0" y="${y + 12}" font-size="11">${esc(r.label)}</text>`;
      if (!r.iv) return `${label}<text x="0" y="${y + 30}" font-size="11">–</text>`;
      const whisker =
        r.iv.high > r.iv.low
          ? `<line x1="${x(r.iv.low).toFixed(1)}" x2="${x(r.iv.high).toFixed(1)}" y1="${y + 25}" y2="${y + 25}" stroke="currentColor" stroke-opacity="0.7" stroke-width="1.5"/>`
          : "";
      return (
        `${label}<rect x="0" y="${y + 17}" width="${x(r.iv.median).toFixed(1)}" height="16" fill="${r.color}"/>${whisker}` +
        `<text x="${BAR_PX + 6}" y="${y + 29}" font-size="11">${esc(r.text)}</text>`
      );
    })
    .join("");
  const width = Math.max(labelW, BAR_PX + 6 + valueW);
  const height = rows.length * row + 4;
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width:100%;height:auto">${body}</svg></figure>`;
}

function warnings(detail: RunDetail, noise: NoiseReport): string {
  const models = detail.run.manifest?.models ?? [];
  const parts: string[] = [];
  if (models.some((m) => m.facts?.demo))
    parts.push(
      "<p><strong>Untrained demo models.</strong> Their answers are random words; their speed and memory figures are real.</p>",
    );
  if (noise.warnings.length)
    parts.push(
      `<p><strong>These speed figures are noisy.</strong></p><ul>${noise.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul><p>${esc(noise.advice)}</p>`,
    );
  return parts.length ? `<div class="warn" role="note">${parts.join("")}</div>` : "";
}

function summaryTable(detail: RunDetail, noise: NoiseReport): string {
  const models = detail.run.settings.models;
  const cell = (s: Summary, f: (v: number) => string) => {
    const iv = medianInterval(s);
    return iv ? `${esc(f(iv.median))}${s.n > 1 ? ` <small>(${esc(f(iv.low))}–${esc(f(iv.high))})</small>` : ""}` : "–";
  };
  const rate = (v: number) => v.toFixed(1);
  const rows = detail.summaries
    .map((s) => {
      const nz = noise.models.find((m) => m.model === s.model);
      return (
        `<tr><th scope="row"><span class="sw" style="background:${modelColor(models, s.model)}"></span>${esc(modelLabel(s.model, models))}</th>` +
        `<td>${cell(s.figures.generationTokensPerSecond, rate)}</td><td>${cell(s.figures.promptTokensPerSecond, rate)}</td><td>${cell(s.figures.wordsPerSecond, rate)}</td><td>${cell(s.figures.ttftMs, formatMs)}</td>` +
        `<td>${cell(s.figures.endToEndMs, formatMs)}</td><td>${cell(s.figures.words, (v) => v.toFixed(0))}</td><td>${esc(formatBytes(s.figures.peakRssBytes.max))}</td>` +
        `<td>${s.figures.generationTokensPerSecond.n}</td><td>${nz?.cv == null ? "–" : nz.cv.toFixed(2)}</td><td>${nz ? `${nz.contended} of ${nz.measured}` : "–"}</td></tr>`
      );
    })
    .join("");
  return (
    `<table class="summary"><thead><tr><th>Model</th><th>Generation tok/s</th><th>Prompt tok/s</th><th>Words/s</th><th>TTFT</th><th>End to end</th><th>Answer words</th><th>Peak memory</th><th>n</th><th>CV of rate</th><th>Busy-machine answers</th></tr></thead><tbody>${rows}</tbody></table>` +
    '<p class="fig">Median with the 10th–90th percentile in brackets, over n warm answers. CV: coefficient of variation of the generation rate (above 0.3 is noisy).</p>'
  );
}

export function runHtml(detail: RunDetail): string {
  const { run } = detail;
  const models = run.settings.models;
  const noise = noiseReport(models, detail.generations);
  const bar = (key: keyof GenerationMetrics, divisor = 1): Bar[] =>
    detail.summaries.map((s) => {
      const f = s.figures[key];
      const scale = (v: number | null) => (v === null ? null : v / divisor);
      return {
        label: modelLabel(s.model, models),
        color: modelColor(models, s.model),
        s: { ...f, p10: scale(f.p10), p50: scale(f.p50), p90: scale(f.p90) },
      };
    });
  const ttft = timeUnitOf(detail.summaries, "ttftMs");
  const e2e = timeUnitOf(detail.summaries, "endToEndMs");
  const num = (d: number) => (v: number) => v.toFixed(d);
  const charts = [
    barSvg("Generation rate (tokens/s)", bar("generationTokensPerSecond"), num(1)),
    barSvg("Words per second", bar("wordsPerSecond"), num(1)),
    barSvg(`Time to first token (${ttft.unit})`, bar("ttftMs", ttft.divisor), num(ttft.unit === "ms" ? 0 : 2)),
    barSvg(`End-to-end time (${e2e.unit})`, bar("endToEndMs", e2e.divisor), num(e2e.unit === "ms" ? 0 : 2)),
    barSvg(
      "Peak memory",
      detail.summaries.map((s) => ({
        label: modelLabel(s.model, models),
        color: modelColor(models, s.model),
        s: null,
        value: s.figures.peakRssBytes.max,
      })),
      formatBytes,
    ),
    barSvg("Answer length (words)", bar("words"), num(0)),
  ].join("");
  const questions = detail.questions
    .map((q) => {
      const cells = models
        .map((m) => {
          const g = detail.generations.find((x) => x.questionId === q.id && x.model === m && x.repetition === 0);
          const figures = g?.metrics
            ? `<p class="fig">${esc(g.metrics.generationTokensPerSecond?.toFixed(1) ?? "–")} tok/s · TTFT ${esc(formatMs(g.metrics.ttftMs))} · ${esc(g.metrics.words ?? "–")} words</p>`
            : "";
          return `<td><p class="ans">${esc(g?.status === "failed" ? `failed: ${g.error}` : (g?.answer ?? ""))}</p>${figures}</td>`;
        })
        .join("");
      const docs = q.documents
        .map((d) => `<li>${esc(d.text)} <small>(score ${d.score.toFixed(3)})</small></li>`)
        .join("");
      return `<section><h3>${esc(groupDisplay(q.groupKey, detail.groupNames))}: ${esc(q.question)}</h3><details><summary>Retrieved context</summary><ol>${docs}</ol></details><table class="answers"><tr>${models.map((m) => `<th>${esc(modelLabel(m, models))}</th>`).join("")}</tr><tr>${cells}</tr></table></section>`;
    })
    .join("");
  const title = `${run.name ?? autoRunName(run.settings.models, run.manifest?.dataset.name)} (${run.id})`;
  // Its own policy, for when it is opened from disk with no server headers: styles and inline images, no scripts.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#17202e}table{border-collapse:collapse;width:100%}td,th{border:1px solid #e2e6ec;padding:6px 8px;vertical-align:top;text-align:left}table.answers{table-layout:fixed}table.summary td,table.summary th[scope=row]{white-space:nowrap;font-variant-numeric:tabular-nums}.wrap{overflow-x:auto}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}.ans{white-space:pre-wrap;overflow-wrap:anywhere}.fig{color:#5b6576;font-size:12px}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;max-width:100%;overflow-x:auto}figcaption{font-weight:600;font-size:13px}pre{background:#f3f5f8;padding:10px;overflow:auto;font-size:12px}.warn{border:1px solid #fde68a;background:#fffbeb;border-radius:8px;padding:4px 12px;margin:12px 0}.note{white-space:pre-wrap}svg text{fill:currentColor}svg{color:inherit}@media (prefers-color-scheme:dark){body{background:#0f141b;color:#e5e9f0}td,th{border-color:#2a3442}.warn{background:#2b2110;border-color:#5c4515}pre{background:#0c1117}.fig{color:#9aa5b5}a{color:#7aa2ff}}</style></head>
<body><h1>${esc(title)}</h1>${run.note ? `<p class="note">${esc(run.note)}</p>` : ""}${verdictHtml(runVerdict(models, detail.generations, detail.questions.length), esc)}${warnings(detail, noise)}
<p>Status: <strong>${esc(run.status)}</strong> · ${detail.done} of ${detail.total} answers · created ${esc(run.createdAt)}</p>
<p>Models: ${models.map((m) => esc(m)).join(", ")} · ${NUMBER_SETTINGS.map((f) => `${esc(f.label)} ${esc(run.settings[f.key])}`).join(" · ")} · Retrieval ${esc(retrievalLabel(retrievalOf(run.settings)))}</p>
<h2>Models side by side</h2><div class="wrap">${summaryTable(detail, noise)}</div>
<div class="charts">${charts}</div>${qualityHtml(detail, esc)}${judgeHtml(detail, esc)}${questions}
<h2>Manifest</h2><pre>${esc(JSON.stringify(run.manifest, null, 2))}</pre>
<p><small>Static snapshot exported from Lineup; it needs no server.</small></p></body></html>`;
}
