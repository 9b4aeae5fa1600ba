import "server-only";
import { inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { findRun, generationsOf, questionsOf } from "../db/queries/runs";
import { documents, type Generation, type Run, type RunQuestion } from "../db/schema";
import { AppError } from "../errors";
import { summarizeModels } from "../metrics/summary";
import { partialTexts } from "./events";
import { runGroupNames } from "./run-group-names";
import type { RunSettings } from "./settings";
import type { GenerationView, QuestionView, RunDetail, RunView } from "./types";

export function toRunView(run: Run): RunView {
  return {
    id: run.id, status: run.status, settings: run.settings, manifest: run.manifest ?? null,
    rerunOf: run.rerunOf, name: run.name ?? null, note: run.note ?? null, error: run.error, createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null, finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export function toGenerationView(g: Generation): GenerationView {
  return {
    id: g.id, questionId: g.questionId, model: g.model, repetition: g.repetition, cold: g.cold, status: g.status,
    answer: g.answer, tokenTimes: g.tokenTimes, metrics: g.metrics, load: g.load ?? null, stopReason: g.stopReason, error: g.error,
    quality: g.quality ?? null,
    server: g.server ?? null,
  };
}

/** A stored question with its documents' texts (from `textOf`), as viewers see it. */
export function toQuestionView(q: RunQuestion, textOf: (id: number) => string | undefined): QuestionView {
  return {
    id: q.id, groupKey: q.groupKey, questionIndex: q.questionIndex, question: q.question, prompt: q.prompt,
    documents: q.documentIds.map((docId, i) => ({ id: docId, text: textOf(docId) ?? "(document no longer stored)", score: q.scores[i] })),
    documentsCut: q.documentsCut, embedMs: q.embedMs, retrievalMs: q.retrievalMs,
  };
}

export function totalCells(settings: RunSettings): number {
  return settings.groups.length * settings.questions.length * settings.models.length * settings.repetitions;
}

export async function runDetail(db: Db, id: string, position: number | null = null): Promise<RunDetail> {
  const run = await findRun(db, id);
  if (!run) throw new AppError("not_found", `There is no run ${id}. It may have been made on another Lineup server; the Runs page lists the runs here.`);
  const [questions, gens, groupNames] = await Promise.all([questionsOf(db, id), generationsOf(db, id), runGroupNames(db, run)]);
  const docIds = [...new Set(questions.flatMap((q) => q.documentIds))];
  const docs = docIds.length ? await db.select({ id: documents.id, text: documents.text }).from(documents).where(inArray(documents.id, docIds)) : [];
  const textOf = new Map(docs.map((d) => [d.id, d.text]));
  const settings = run.settings;
  const questionViews = questions.map((q) => toQuestionView(q, (docId) => textOf.get(docId)));
  const generations = gens.map(toGenerationView);
  return {
    run: toRunView(run), total: totalCells(settings), done: generations.length, position,
    questions: questionViews, generations, partials: partialTexts(id), summaries: summarizeModels(settings.models, generations),
    groupNames,
  };
}
