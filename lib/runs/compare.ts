import { groupDisplay } from "../datasets/group-names";
import { formatBytes, formatInt, formatMs } from "../format";
import { medianInterval, type Summary } from "../metrics/stats";
import { modelLabel } from "./chart-data";
import { NUMBER_SETTINGS } from "./setting-fields";
import { retrievalLabel, retrievalOf } from "../retrieval/modes";
import type { RunDetail } from "./types";

// Two runs in one table: settings, environment and each model's figures, with the settings that differ marked.
// Figures are not marked by their text: whether a figure really changed is the verdict's call (compare-verdict.ts).

export type CompareRow = { label: string; a: string; b: string; differs: boolean };

/** Median (p10–p90) · n, as the run page shows it. */
function fig(s: Summary | undefined, f: (v: number) => string): string {
  const iv = s ? medianInterval(s) : null;
  if (!s || !iv) return "–";
  return s.n < 2 ? `${f(iv.median)} · n = ${s.n}` : `${f(iv.median)} (${f(iv.low)}–${f(iv.high)}) · n = ${s.n}`;
}
const fixed = (d: number) => (v: number) => v.toFixed(d);
const datasetOf = (d: RunDetail) => {
  const ds = d.run.manifest?.dataset;
  return ds ? `${ds.name} (${formatInt(ds.rows)} rows, file ${ds.fileSha256.slice(0, 12)})` : d.run.settings.datasetId;
};

export function compareRuns(a: RunDetail, b: RunDetail): CompareRow[] {
  const row = (label: string, x: string, y: string): CompareRow => ({ label, a: x, b: y, differs: x !== y });
  const figure = (label: string, x: string, y: string): CompareRow => ({ label, a: x, b: y, differs: false });
  const m = (d: RunDetail) => d.run.manifest;
  const rows: CompareRow[] = [
    row("Name", a.run.name ?? "–", b.run.name ?? "–"),
    row("Note", a.run.note ?? "–", b.run.note ?? "–"),
    row("Status", a.run.status, b.run.status),
    row("Dataset", datasetOf(a), datasetOf(b)),
    row(
      "Products / groups",
      a.run.settings.groups.map((g) => groupDisplay(g, a.groupNames)).join(", "),
      b.run.settings.groups.map((g) => groupDisplay(g, b.groupNames)).join(", "),
    ),
    row("Questions", a.run.settings.questions.join(" · "), b.run.settings.questions.join(" · ")),
    row("Models", a.run.settings.models.join(", "), b.run.settings.models.join(", ")),
    ...NUMBER_SETTINGS.map((f) => row(f.label, String(a.run.settings[f.key]), String(b.run.settings[f.key]))),
    row("Retrieval", retrievalLabel(retrievalOf(a.run.settings)), retrievalLabel(retrievalOf(b.run.settings))),
    row(
      "CPU",
      `${m(a)?.hardware?.cpu ?? "?"} × ${m(a)?.hardware?.physicalCores ?? "?"}`,
      `${m(b)?.hardware?.cpu ?? "?"} × ${m(b)?.hardware?.physicalCores ?? "?"}`,
    ),
    row("llama.cpp", m(a)?.versions?.llamaCpp ?? "?", m(b)?.versions?.llamaCpp ?? "?"),
  ];
  const models = [...new Set([...a.run.settings.models, ...b.run.settings.models])];
  for (const model of models) {
    const sa = a.summaries.find((s) => s.model === model);
    const sb = b.summaries.find((s) => s.model === model);
    const name = modelLabel(model, models);
    rows.push(
      figure(
        `${name}: generation tok/s`,
        fig(sa?.figures.generationTokensPerSecond, fixed(1)),
        fig(sb?.figures.generationTokensPerSecond, fixed(1)),
      ),
      figure(
        `${name}: prompt tok/s`,
        fig(sa?.figures.promptTokensPerSecond, fixed(1)),
        fig(sb?.figures.promptTokensPerSecond, fixed(1)),
      ),
      figure(`${name}: words/s`, fig(sa?.figures.wordsPerSecond, fixed(1)), fig(sb?.figures.wordsPerSecond, fixed(1))),
      figure(`${name}: TTFT`, fig(sa?.figures.ttftMs, formatMs), fig(sb?.figures.ttftMs, formatMs)),
      figure(
        `${name}: peak memory`,
        formatBytes(sa?.figures.peakRssBytes.max),
        formatBytes(sb?.figures.peakRssBytes.max),
      ),
      figure(`${name}: answer words`, fig(sa?.figures.words, fixed(0)), fig(sb?.figures.words, fixed(0))),
    );
  }
  return rows;
}
