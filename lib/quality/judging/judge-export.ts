// Judges' grades in a run's exports: a column per judge, mode and criterion in the CSV (rubric 1–5, claim
// support 0–1, and the unsupported claims as text), and per-model means with intervals in the HTML page. The
// JSON export carries each generation's grades whole. Browser-safe and pure.

import { modelLabel } from "../../runs/model-identity";
import type { GenerationView, RunDetail } from "../../runs/types";
import { bootstrapMean } from "../summary";
import type { GradeView } from "./grade-view";
import { RUBRIC_KEYS } from "./prompts";

type Column = { judge: string; mode: GradeView["mode"]; criterion: string };

export function judgeColumns(detail: Pick<RunDetail, "generations">): Column[] {
  const seen = new Map<string, Column[]>();
  for (const g of detail.generations)
    for (const grade of g.grades ?? []) {
      const key = `${grade.mode}:${grade.judge}`;
      if (!seen.has(key))
        seen.set(
          key,
          grade.mode === "rubric"
            ? RUBRIC_KEYS.map((criterion) => ({ judge: grade.judge, mode: grade.mode, criterion }))
            : ["support", "unsupported_claims"].map((criterion) => ({
                judge: grade.judge,
                mode: grade.mode,
                criterion,
              })),
        );
    }
  return [...seen.values()].flat();
}

export const judgeCsvHeader = (columns: Column[]) =>
  columns.map((c) => `judge_${c.mode}_${c.criterion} (${modelLabel(c.judge)})`);

export function judgeCsvValues(columns: Column[], g: GenerationView): unknown[] {
  return columns.map((c) => {
    const grade = g.grades?.find((x) => x.judge === c.judge && x.mode === c.mode);
    if (!grade) return null;
    if (c.criterion === "support") return grade.support ?? null;
    if (c.criterion === "unsupported_claims")
      return (grade.claims ?? [])
        .filter((x) => !x.supported)
        .map((x) => x.text)
        .join(" | ");
    return grade[c.criterion as (typeof RUBRIC_KEYS)[number]] ?? null;
  });
}

export function judgeHtml(detail: RunDetail, esc: (s: unknown) => string): string {
  const columns = judgeColumns(detail).filter((c) => c.criterion !== "unsupported_claims");
  if (!columns.length) return "";
  const models = detail.run.settings.models;
  const head = columns.map((c) => `<th>${esc(`${modelLabel(c.judge)} ${c.criterion}`)}</th>`).join("");
  const rows = models
    .map((m) => {
      const cells = columns.map((c) => {
        const values = detail.generations.flatMap((g) => {
          if (g.model !== m) return [];
          const v = judgeCsvValues([c], g)[0];
          return typeof v === "number" ? [v] : [];
        });
        const s = bootstrapMean(values);
        const d = c.criterion === "support" ? 2 : 1;
        return `<td>${s.mean === null ? "–" : esc(s.mean.toFixed(d))}${s.ci95 ? ` <small>(${esc(s.ci95[0].toFixed(d))}–${esc(s.ci95[1].toFixed(d))})</small>` : ""}</td>`;
      });
      return `<tr><td>${esc(modelLabel(m))}</td>${cells.join("")}</tr>`;
    })
    .join("");
  return `<h2>Judges</h2><div class="table-wrap"><table><tr><th>Model</th>${head}</tr>${rows}</table></div>
<p class="fig">Mean grade per model with a 95% bootstrap interval: rubric criteria on 1–5, support as the share of an answer's claims the reviews support.</p>`;
}
