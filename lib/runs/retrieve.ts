import "server-only";
import { insertQuestion, questionsOf } from "../db/queries/runs";
import type { RunQuestion } from "../db/schema";
import { searchDataset } from "../datasets/service";
import { toQuestionView } from "./detail";
import { emitRunEvent } from "./events";
import { buildPrompt, type RunSettings } from "./settings";
import type { DocumentCut } from "./types";
import { retrievalOf } from "../retrieval/modes";
import type { CancellableContext } from "../server-context";

// Retrieval once per question, before any model runs: every model gets the same prompt. Each document is cut
// to `docCharCap` characters first, so one huge review cannot make a prompt no model can take (or a tokeniser
// that runs for minutes); the cut is stored with the question and shown with it.

export function capDocuments(
  hits: { id: number; text: string }[],
  cap: number,
): { texts: string[]; cut: DocumentCut[] } {
  const cut: DocumentCut[] = [];
  const texts = hits.map((h) => {
    if (h.text.length <= cap) return h.text;
    cut.push({ id: h.id, chars: h.text.length, kept: cap });
    return h.text.slice(0, cap);
  });
  return { texts, cut };
}

/** The questions of a run, retrieving (and storing) the ones not retrieved yet. */
export async function retrieveAll(
  runId: string,
  settings: RunSettings,
  deps: CancellableContext,
  docCharCap: number,
): Promise<RunQuestion[]> {
  const existing = await questionsOf(deps.db, runId);
  const have = new Set(existing.map((q) => `${q.groupKey}|${q.questionIndex}`));
  for (const group of settings.groups) {
    for (const [questionIndex, question] of settings.questions.entries()) {
      if (deps.signal.aborted) return questionsOf(deps.db, runId);
      if (have.has(`${group}|${questionIndex}`)) continue;
      const retrieval = retrievalOf(settings);
      const result = await searchDataset(deps, {
        id: settings.datasetId,
        query: question,
        group,
        k: settings.k,
        retrieval,
      });
      const { texts, cut } = capDocuments(result.hits, docCharCap);
      const row = await insertQuestion(deps.db, {
        runId,
        groupKey: group,
        questionIndex,
        question,
        prompt: buildPrompt(settings.promptTemplate, question, texts),
        documentIds: result.hits.map((h) => h.id),
        scores: result.hits.map((h) => h.score),
        documentsCut: cut,
        embedMs: result.embedMs,
        retrievalMs: result.retrievalMs,
      });
      const full = new Map(result.hits.map((h) => [h.id, h.text]));
      emitRunEvent(runId, { type: "question", question: toQuestionView(row, (id) => full.get(id)) });
    }
  }
  return questionsOf(deps.db, runId);
}
