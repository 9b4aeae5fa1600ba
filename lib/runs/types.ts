import type { GenerationMetrics } from "../metrics/generation";
import type { Summary } from "../metrics/stats";
import type { RunSettings } from "./settings";

// Shapes shared by the server, the API and the pages.

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled" | "interrupted";

export type QuestionView = {
  id: number;
  groupKey: string;
  questionIndex: number;
  question: string;
  prompt: string;
  documents: { id: number; text: string; score: number }[];
  embedMs: number;
  retrievalMs: number;
};

export type GenerationView = {
  id: number;
  questionId: number;
  model: string;
  repetition: number;
  cold: boolean;
  status: "ok" | "failed" | "cancelled";
  answer: string;
  tokenTimes: number[];
  metrics: Partial<GenerationMetrics>;
  stopReason: string | null;
  error: string | null;
};

export type ModelSummary = {
  model: string;
  ok: number;
  failed: number;
  cancelled: number;
  /** Cold (first after load) generations are left out of the figures when warm ones exist. */
  excludedCold: number;
  figures: Record<keyof GenerationMetrics, Summary>;
};

export type RunView = {
  id: string;
  status: RunStatus;
  settings: RunSettings;
  manifest: Record<string, unknown> | null;
  rerunOf: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type RunDetail = {
  run: RunView;
  total: number;
  done: number;
  position: number | null;
  questions: QuestionView[];
  generations: GenerationView[];
  partials: Record<string, string>;
  summaries: ModelSummary[];
};
