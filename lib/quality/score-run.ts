import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { findDataset } from "../db/queries/datasets";
import { findRun, generationsOf, questionsOf } from "../db/queries/runs";
import { generations } from "../db/schema";
import { documentTexts } from "../runs/detail";
import { getEmbedder } from "../embeddings/registry";
import { log } from "../log";
import { scoreAnswer, type Embed } from "./scores";

// Scores every answer of a run once it has ended, with the embedder the run's dataset was imported with
// (the same similarity retrieval used). Only answers without scores are scored, so calling it again (a resumed
// run, a server restart) costs nothing for what is done. Context and question vectors are shared between the
// models' answers to the same question through a per-call cache.

function cachedEmbed(embed: Embed): Embed {
  const cache = new Map<string, number[]>();
  return async (texts) => {
    const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
    if (missing.length) (await embed(missing)).forEach((v, i) => cache.set(missing[i], v));
    return texts.map((t) => cache.get(t)!);
  };
}

/**
 * Scores the run's finished answers that have no scores yet; answers with how many it scored. Stops between
 * answers when `signal` aborts (a shutdown): what is scored is kept, the rest is done at the next start.
 */
export async function scoreRun(db: Db, runId: string, modelsDir: string, signal?: AbortSignal): Promise<number> {
  const run = await findRun(db, runId);
  if (!run) return 0;
  const todo = (await generationsOf(db, runId)).filter((g) => g.status === "ok" && !g.quality);
  if (!todo.length) return 0;
  const dataset = await findDataset(db, run.settings.datasetId);
  if (!dataset) return 0;
  const questions = new Map((await questionsOf(db, runId)).map((q) => [q.id, q]));
  const textOf = await documentTexts(db, [...questions.values()]);
  const embedder = await getEmbedder(modelsDir, dataset.embedder);
  const embed = cachedEmbed((texts) => embedder.embed(texts));
  let scored = 0;
  for (const g of todo) {
    if (signal?.aborted) break;
    const q = questions.get(g.questionId);
    if (!q) continue;
    // The model saw each document cut to the run's cap: judge the answer against what it was given.
    const kept = new Map(q.documentsCut.map((c) => [c.id, c.kept]));
    const context = q.documentIds.map((id) => (textOf.get(id) ?? "").slice(0, kept.get(id) ?? Infinity));
    const quality = await scoreAnswer({ question: q.question, answer: g.answer, documents: context }, embed);
    await db.update(generations).set({ quality }).where(eq(generations.id, g.id));
    scored++;
  }
  return scored;
}

/** As scoreRun, but a failure (embedder missing, say) is logged and leaves the run as it was. */
export async function scoreRunSafely(db: Db, runId: string, modelsDir: string, signal?: AbortSignal): Promise<void> {
  try {
    await scoreRun(db, runId, modelsDir, signal);
  } catch (err) {
    log.error(`Quality scores for run ${runId} could not be computed`, err);
  }
}
