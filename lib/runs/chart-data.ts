import type { GenerationMetrics } from "../metrics/generation";
import type { GenerationView, ModelSummary } from "./types";

// Data for the run page's charts, from the run's state. Pure: the same input always draws the same chart.

export const MODEL_COLORS = ["#1d4ed8", "#d97706", "#059669", "#db2777", "#7c3aed"];

export const shortName = (file: string) => file.replace(/\.gguf$/i, "");

export type BarRow = { model: string; color: string; mean: number | null; sd: number | null };

export function barRows(summaries: ModelSummary[], key: keyof GenerationMetrics): BarRow[] {
  return summaries.map((s, i) => ({
    model: shortName(s.model), color: MODEL_COLORS[i % MODEL_COLORS.length],
    mean: s.figures[key].mean, sd: s.figures[key].sd,
  }));
}

/** One point per finished generation: the spread of a figure across questions, per model. */
export function stripPoints(models: string[], generations: GenerationView[], key: keyof GenerationMetrics) {
  return models.map((model, i) => ({
    model: shortName(model), color: MODEL_COLORS[i % MODEL_COLORS.length],
    points: generations.filter((g) => g.model === model && g.status === "ok" && typeof g.metrics[key] === "number")
      .map((g) => ({ x: i, y: g.metrics[key] as number, cold: g.cold })),
  }));
}

/** Tokens generated against time (seconds) for one question: the race between models. */
export function tokenRace(models: string[], generations: GenerationView[], questionId: number, repetition = 0) {
  return models.map((model, i) => {
    const g = generations.find((x) => x.model === model && x.questionId === questionId && x.repetition === repetition);
    return {
      model: shortName(model), color: MODEL_COLORS[i % MODEL_COLORS.length],
      points: (g?.tokenTimes ?? []).map((t, n) => ({ t: t / 1000, tokens: n + 1 })),
    };
  });
}
