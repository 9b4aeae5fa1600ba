import { cellId } from "./cell-key";
import type { GenerationView, QuestionView } from "./types";

// The run's answers as a grid, rows product × question and columns models, and the filters that make a long
// run readable: by product, by question, by model, and only the rows where the models' answers differ (one
// failed while another answered, a judge graded them far apart, or their groundedness scores lie far apart).
// Pure and browser-safe.

/** Groundedness scores (or a judge's claim support) further apart than this (on [0, 1]) make answers "differ". */
export const DIFFER_SPREAD = 0.2;
/** A judge's rubric faithfulness (1–5) this many points apart makes answers "differ". */
export const DIFFER_GRADE_POINTS = 2;

/** The widest spread of one judge's grades over the row's answers, as a reason; null when none is wide. */
function judgedApart(cells: GenerationView[]): string | null {
  const keys = new Set(cells.flatMap((g) => (g.grades ?? []).map((x) => `${x.mode}\n${x.judge}`)));
  for (const key of keys) {
    const [mode, judge] = key.split("\n");
    const values = cells.flatMap((g) => {
      const grade = g.grades?.find((x) => x.mode === mode && x.judge === judge);
      const v = mode === "rubric" ? grade?.faithfulness : grade?.support;
      return typeof v === "number" ? [v] : [];
    });
    if (values.length < 2) continue;
    const low = Math.min(...values);
    const high = Math.max(...values);
    if (mode === "rubric" && high - low >= DIFFER_GRADE_POINTS) return `judged faithfulness ${low}–${high} of 5`;
    if (mode === "claims" && high - low > DIFFER_SPREAD)
      return `claims supported ${Math.round(low * 100)}–${Math.round(high * 100)} %`;
  }
  return null;
}

export type GridRow = {
  question: QuestionView;
  /** Each model's answer in the chosen repetition, by model file. */
  cells: Record<string, GenerationView | undefined>;
};

export type GridFilter = {
  group: string | null;
  question: string | null;
  /** The models shown, in run order; empty means none are hidden. */
  models: string[];
  onlyDiffering: boolean;
};

export const NO_FILTER: GridFilter = { group: null, question: null, models: [], onlyDiffering: false };

export function gridRows(
  questions: QuestionView[],
  generations: GenerationView[],
  models: string[],
  repetition: number,
): GridRow[] {
  const byCell = new Map(generations.map((g) => [cellId(g), g]));
  return questions.map((question) => ({
    question,
    cells: Object.fromEntries(
      models.map((model) => [model, byCell.get(cellId({ questionId: question.id, model, repetition }))]),
    ),
  }));
}

/** Why a row's answers differ among these models, or null when they do not (or cannot be told yet). */
export function differenceOf(row: GridRow, models: string[]): string | null {
  const cells = models.map((m) => row.cells[m]).filter((g): g is GenerationView => !!g);
  if (cells.length < 2) return null;
  const statuses = new Set(cells.map((g) => g.status));
  if (statuses.size > 1) return "some failed";
  const judged = judgedApart(cells);
  if (judged) return judged;
  const scores = cells.flatMap((g) => (g.quality ? [g.quality.groundedness] : []));
  if (scores.length < 2) return null;
  const spread = Math.max(...scores) - Math.min(...scores);
  return spread > DIFFER_SPREAD
    ? `groundedness ${Math.min(...scores).toFixed(2)}–${Math.max(...scores).toFixed(2)}`
    : null;
}

export function filterRows(rows: GridRow[], filter: GridFilter, allModels: string[]): GridRow[] {
  const models = filter.models.length ? filter.models : allModels;
  return rows.filter(
    (r) =>
      (filter.group === null || r.question.groupKey === filter.group) &&
      (filter.question === null || r.question.question === filter.question) &&
      (!filter.onlyDiffering || differenceOf(r, models) !== null),
  );
}

/** The filters' choices: each product and each question once, in the run's order. */
export function gridChoices(questions: QuestionView[]): { groups: string[]; questions: string[] } {
  return {
    groups: [...new Set(questions.map((q) => q.groupKey))],
    questions: [...new Set(questions.map((q) => q.question))],
  };
}
