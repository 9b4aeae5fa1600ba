import "server-only";
import { gradesByGeneration } from "../quality/judging/grades";
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { findRun, generationsOf, questionsOf } from "../db/queries/runs";
import { documents, type Generation, type Run, type RunQuestion } from "../db/schema";
import { AppError } from "../errors";
import { METRIC_KEYS, type GenerationMetrics } from "../metrics/generation";
import { summarizeModels } from "../metrics/summary";
import { cleanServerFigures } from "../remote/remote-numbers";
import { partialTexts } from "./events";
import { runGroupNames } from "./run-group-names";
import type { RunSettings } from "./settings";
import type { GenerationView, QuestionView, RunDetail, RunView } from "./types";

export function toRunView(run: Run): RunView {
  return {
    id: run.id,
    status: run.status,
    settings: run.settings,
    manifest: run.manifest ?? null,
    rerunOf: run.rerunOf,
    name: run.name ?? null,
    note: run.note ?? null,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Figures as stored, with anything that is not a finite number left out. Runs stored before remote numbers were
 * checked may hold a server's "12.5" (a string), [1,2] or null where a number belongs; formatting one threw
 * ("toFixed is not a function") and the run page answered 500 for good.
 */
function readMetrics(m: Generation["metrics"]): Partial<GenerationMetrics> {
  if (!m || typeof m !== "object") return {};
  const out: Partial<Record<keyof GenerationMetrics, number | null>> = {};
  for (const key of METRIC_KEYS) {
    const v: unknown = m[key];
    if (v === null || (typeof v === "number" && Number.isFinite(v))) out[key] = v;
  }
  return out as Partial<GenerationMetrics>;
}

export function toGenerationView(g: Generation): GenerationView {
  return {
    id: g.id,
    questionId: g.questionId,
    model: g.model,
    repetition: g.repetition,
    cold: g.cold,
    status: g.status,
    answer: g.answer,
    tokenTimes: Array.isArray(g.tokenTimes) ? g.tokenTimes : [],
    metrics: readMetrics(g.metrics),
    load: g.load ?? null,
    stopReason: g.stopReason,
    error: g.error,
    quality: g.quality ?? null,
    server: cleanServerFigures(g.server),
    prompt: g.prompt,
    promptFormat: g.promptFormat,
  };
}

/** A stored question with its documents' texts (from `textOf`), as viewers see it. */
export function toQuestionView(q: RunQuestion, textOf: (id: number) => string | undefined): QuestionView {
  return {
    id: q.id,
    groupKey: q.groupKey,
    questionIndex: q.questionIndex,
    question: q.question,
    prompt: q.prompt,
    documents: q.documentIds.map((docId, i) => ({
      id: docId,
      text: textOf(docId) ?? "(document no longer stored)",
      score: q.scores[i],
    })),
    documentsCut: q.documentsCut,
    embedMs: q.embedMs,
    retrievalMs: q.retrievalMs,
  };
}

export function totalCells(settings: RunSettings): number {
  return settings.groups.length * settings.questions.length * settings.models.length * settings.repetitions;
}

/** Texts of the documents the run's questions retrieved, by document id (one query). */
export async function documentTexts(db: Db, questions: RunQuestion[]): Promise<Map<number, string>> {
  const docIds = [...new Set(questions.flatMap((q) => q.documentIds))];
  const docs = docIds.length
    ? await db.select({ id: documents.id, text: documents.text }).from(documents).where(inArray(documents.id, docIds))
    : [];
  return new Map(docs.map((d) => [d.id, d.text]));
}

/** A run's questions (with their documents' texts) and answers, as viewers see them. */
export type RunAnswers = { questions: QuestionView[]; generations: GenerationView[] };

export async function runAnswers(db: Db, runId: string): Promise<RunAnswers> {
  const [questions, gens, grades] = await Promise.all([
    questionsOf(db, runId),
    generationsOf(db, runId),
    gradesByGeneration(db, runId),
  ]);
  const textOf = await documentTexts(db, questions);
  return {
    questions: questions.map((q) => toQuestionView(q, (docId) => textOf.get(docId))),
    generations: gens.map((g) => {
      const view = toGenerationView(g);
      const graded = grades.get(g.id);
      return graded ? { ...view, grades: graded } : view;
    }),
  };
}

/** The run, or a 404 that says where to look. */
export async function requireRun(db: Db, id: string): Promise<Run> {
  const run = await findRun(db, id);
  if (!run)
    throw new AppError(
      "not_found",
      `There is no run ${id}. It may have been made on another Lineup server; the Runs page lists the runs here.`,
    );
  return run;
}

export async function runDetail(db: Db, id: string, position: number | null = null): Promise<RunDetail> {
  const run = await requireRun(db, id);
  const [{ questions, generations }, groupNames] = await Promise.all([runAnswers(db, id), runGroupNames(db, run)]);
  const settings = run.settings;
  return {
    run: toRunView(run),
    total: totalCells(settings),
    done: generations.length,
    position,
    questions,
    generations,
    partials: partialTexts(id),
    summaries: summarizeModels(settings.models, generations),
    groupNames,
  };
}
