import "server-only";
import type { Db } from "../db/client";
import { nearestInGroup, type Hit } from "../db/queries/documents";
import { fullTextInGroup } from "../db/queries/full-text";
import { reciprocalRankFusion } from "./fusion";
import { maximalMarginalRelevance } from "./mmr";
import type { Retrieval } from "./modes";

// Top k of one group for an embedded question: vector search, optionally fused with full-text search, optionally
// made diverse by MMR. Fusion and MMR choose from a wider pool of candidates than k.

/** Candidates per retriever when fusing or diversifying: enough for the two lists to meet. */
export const candidatePool = (k: number) => Math.max(4 * k, 20);

type Dataset = { id: string; embeddingDim: number; metric: "cosine" | "dot" };

export async function retrieveInGroup(
  db: Db,
  dataset: Dataset,
  args: { group: string; question: string; vector: number[]; k: number } & Retrieval,
): Promise<Hit[]> {
  const widen = args.mode === "hybrid" || args.mmr;
  const pool = widen ? candidatePool(args.k) : args.k;
  const common = {
    datasetId: dataset.id,
    dim: dataset.embeddingDim,
    metric: dataset.metric,
    group: args.group,
    query: args.vector,
    withEmbeddings: args.mmr,
  };
  const byVector = await nearestInGroup(db, { ...common, k: pool });
  let ranked: Hit[] = byVector;
  let relevance = byVector.map((h) => h.score);
  if (args.mode === "hybrid") {
    const byText = await fullTextInGroup(db, { ...common, question: args.question, k: pool });
    const fused = reciprocalRankFusion([byVector, byText]);
    ranked = fused;
    // MMR weighs relevance against redundancy: in hybrid mode relevance is the fused vote, scaled to [0, 1].
    relevance = fused.map((h) => h.fused / fused[0].fused);
  }
  const chosen = args.mmr ? maximalMarginalRelevance(ranked, relevance, args.k) : ranked.slice(0, args.k);
  // Embeddings were fetched for MMR only; callers (and the API) get the documents without them.
  return chosen.map((hit) => ({
    id: hit.id,
    groupKey: hit.groupKey,
    sourceRow: hit.sourceRow,
    text: hit.text,
    metadata: hit.metadata,
    score: hit.score,
    duplicates: hit.duplicates,
    ranks: hit.ranks,
  }));
}
