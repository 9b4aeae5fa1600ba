import type { GenerationMetrics } from "../metrics/generation";
import { medianInterval } from "../metrics/stats";
import { modelColor, modelLabel } from "./model-identity";
import type { GenerationView, ModelSummary, QuestionView } from "./types";

// Data for the run page's charts and exports, from the run's state. Pure: the same input always draws the
// same chart. Every per-model figure is the median with a p10–p90 whisker, clamped at zero (rates, times and
// lengths are skewed and never negative), and every model keeps one colour wherever it appears.

export { MODEL_PALETTE, modelColor, modelLabel, shortName } from "./model-identity";

export type BarRow = {
  model: string;
  label: string;
  color: string;
  n: number;
  median: number | null;
  low: number | null;
  high: number | null;
};

/** One bar per model: median and p10–p90, divided by `divisor` (a unit change such as ms → s). */
export function barRows(
  models: string[],
  summaries: ModelSummary[],
  key: keyof GenerationMetrics,
  divisor = 1,
): BarRow[] {
  return summaries.map((s) => {
    const iv = medianInterval(s.figures[key]);
    return {
      model: s.model,
      label: modelLabel(s.model, models),
      color: modelColor(models, s.model),
      n: s.figures[key].n,
      median: iv ? iv.median / divisor : null,
      low: iv ? iv.low / divisor : null,
      high: iv ? iv.high / divisor : null,
    };
  });
}

export type TimeUnit = { unit: "ms" | "s" | "min"; divisor: number };

/** One unit for a whole axis, from its largest value: never "2.0 min" beside "40 s" beside "0 ms". */
export function timeUnitFor(maxMs: number): TimeUnit {
  if (maxMs >= 120_000) return { unit: "min", divisor: 60_000 };
  if (maxMs >= 2_000) return { unit: "s", divisor: 1000 };
  return { unit: "ms", divisor: 1 };
}

/** The unit for a time figure across models, judged on the top of the whiskers. */
export function timeUnitOf(summaries: ModelSummary[], key: keyof GenerationMetrics): TimeUnit {
  return timeUnitFor(Math.max(0, ...summaries.map((s) => s.figures[key].p90 ?? s.figures[key].max ?? 0)));
}

/** Tick text for a value already in the axis unit: as many decimals as the scale needs, no unit. */
export function axisNumber(v: number): string {
  const a = Math.abs(v);
  return a >= 100 || a === 0
    ? v.toFixed(0)
    : a >= 10
      ? v.toFixed(1).replace(/\.0$/, "")
      : v.toFixed(2).replace(/0$/, "").replace(/\.0$/, "");
}

/** The caption's honest line: which statistic, and on how many answers. */
export function statCaption(rows: { n: number }[]): string {
  const ns = rows.map((r) => r.n).filter((n) => n > 0);
  if (ns.length === 0) return "median, p10–p90 whiskers · no answers yet";
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return `median, p10–p90 whiskers, n = ${lo === hi ? lo : `${lo}–${hi}`} per model`;
}

/** Splits a label at - _ . or spaces into lines of at most `maxChars` (a long piece is cut, never hidden). */
export function wrapLabel(label: string, maxChars: number): string[] {
  const width = Math.max(4, Math.floor(maxChars));
  const pieces = label.split(/(?<=[-_. ])/);
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line && (line + piece).length > width) {
      lines.push(line);
      line = "";
    }
    line += piece;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** One point per finished generation: the spread of a figure across questions, per model. */
export function stripPoints(models: string[], generations: GenerationView[], key: keyof GenerationMetrics) {
  return models.map((model, i) => ({
    model,
    label: modelLabel(model, models),
    color: modelColor(models, model),
    points: generations
      .filter((g) => g.model === model && g.status === "ok" && typeof g.metrics[key] === "number")
      .map((g) => ({ x: i, y: g.metrics[key] as number, cold: g.cold })),
  }));
}

/** Questions that have at least one answer with token times, oldest first: what the race can show. */
export function raceQuestions(questions: QuestionView[], generations: GenerationView[]): QuestionView[] {
  const withData = new Set(generations.filter((g) => g.tokenTimes.length > 0).map((g) => g.questionId));
  return questions.filter((q) => withData.has(q.id));
}

/** Tokens generated against time for one question (time in `unit`): the race between models. */
export function tokenRace(models: string[], generations: GenerationView[], questionId: number, repetition = 0) {
  const mine = models.map((model) =>
    generations.find((x) => x.model === model && x.questionId === questionId && x.repetition === repetition),
  );
  const unit = timeUnitFor(Math.max(0, ...mine.map((g) => g?.tokenTimes.at(-1) ?? 0)));
  const series = models.map((model, i) => ({
    model,
    label: modelLabel(model, models),
    color: modelColor(models, model),
    points: (mine[i]?.tokenTimes ?? []).map((t, n) => ({ t: t / unit.divisor, tokens: n + 1 })),
  }));
  return { unit, series };
}
