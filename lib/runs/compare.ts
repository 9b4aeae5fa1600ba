import { formatBytes, formatMs } from "../format";
import { NUMBER_SETTINGS } from "./setting-fields";
import { retrievalLabel } from "../retrieval/modes";
import type { RunDetail } from "./types";

// Two runs in one table: settings, environment and each model's figures, with the rows that differ marked.

export type CompareRow = { label: string; a: string; b: string; differs: boolean };

const fixed = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? "–" : v.toFixed(d));

export function compareRuns(a: RunDetail, b: RunDetail): CompareRow[] {
  const row = (label: string, x: string, y: string): CompareRow => ({ label, a: x, b: y, differs: x !== y });
  const m = (d: RunDetail) => d.run.manifest;
  const rows: CompareRow[] = [
    row("Status", a.run.status, b.run.status),
    row("Dataset", `${a.run.settings.datasetId} (${m(a)?.dataset?.fileSha256?.slice(0, 12) ?? "?"})`, `${b.run.settings.datasetId} (${m(b)?.dataset?.fileSha256?.slice(0, 12) ?? "?"})`),
    row("Groups", a.run.settings.groups.join(", "), b.run.settings.groups.join(", ")),
    row("Questions", a.run.settings.questions.join(" · "), b.run.settings.questions.join(" · ")),
    row("Models", a.run.settings.models.join(", "), b.run.settings.models.join(", ")),
    ...NUMBER_SETTINGS.map((f) => row(f.label, String(a.run.settings[f.key]), String(b.run.settings[f.key]))),
    row("Retrieval", retrievalLabel(a.run.settings), retrievalLabel(b.run.settings)),
    row("CPU", `${m(a)?.hardware?.cpu ?? "?"} × ${m(a)?.hardware?.physicalCores ?? "?"}`, `${m(b)?.hardware?.cpu ?? "?"} × ${m(b)?.hardware?.physicalCores ?? "?"}`),
    row("llama.cpp", m(a)?.versions?.llamaCpp ?? "?", m(b)?.versions?.llamaCpp ?? "?"),
  ];
  const models = [...new Set([...a.run.settings.models, ...b.run.settings.models])];
  for (const model of models) {
    const sa = a.summaries.find((s) => s.model === model);
    const sb = b.summaries.find((s) => s.model === model);
    rows.push(
      row(`${model}: generation tok/s`, fixed(sa?.figures.generationTokensPerSecond.mean), fixed(sb?.figures.generationTokensPerSecond.mean)),
      row(`${model}: words/s`, fixed(sa?.figures.wordsPerSecond.mean), fixed(sb?.figures.wordsPerSecond.mean)),
      row(`${model}: TTFT`, formatMs(sa?.figures.ttftMs.mean), formatMs(sb?.figures.ttftMs.mean)),
      row(`${model}: peak memory`, formatBytes(sa?.figures.peakRssBytes.max), formatBytes(sb?.figures.peakRssBytes.max)),
      row(`${model}: answer words`, fixed(sa?.figures.words.mean, 0), fixed(sb?.figures.words.mean, 0)),
    );
  }
  return rows;
}
