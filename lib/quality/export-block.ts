import { modelLabel } from "../runs/model-identity";
import type { GenerationView, RunDetail } from "../runs/types";
import { QUALITY_KEYS, QUALITY_LABELS } from "./scores-meta";
import { summarizeQuality } from "./summary";

// The quality part of a run's exports, kept here so lib/runs/export.ts only calls in: per-answer score columns
// for the CSV, a per-model summary for the JSON, and a small table for the static HTML page. Browser-safe.

export const QUALITY_CSV_HEADER = QUALITY_KEYS.map((k) => `quality_${k}`);

export const qualityCsvValues = (g: GenerationView) => QUALITY_KEYS.map((k) => g.quality?.[k]);

export const qualityJson = (detail: RunDetail) => summarizeQuality(detail.run.settings.models, detail.generations);

export function qualityHtml(detail: RunDetail, esc: (s: unknown) => string): string {
  const rows = qualityJson(detail)
    .map(
      (m) =>
        `<tr><td>${esc(modelLabel(m.model, detail.run.settings.models))}</td>${QUALITY_KEYS.map((k) => {
          const s = m.scores[k];
          return `<td>${s.mean === null ? "–" : esc(s.mean.toFixed(2))}${s.ci95 ? ` <small>(${esc(s.ci95[0].toFixed(2))}–${esc(s.ci95[1].toFixed(2))})</small>` : ""}</td>`;
        }).join("")}</tr>`,
    )
    .join("");
  // In its own scroll box, like the summary: five columns of intervals do not fit a phone.
  return `<h2>Answer quality</h2><div class="wrap"><table><tr><th>Model</th>${QUALITY_KEYS.map((k) => `<th>${esc(QUALITY_LABELS[k])}</th>`).join("")}</tr>${rows}</table></div>
<p class="fig">Mean over each model's answers with a 95% bootstrap interval; every score in [0, 1] (Lineup README, Quality).</p>`;
}
