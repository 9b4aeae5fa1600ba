import "server-only";
import { countMentioning } from "../db/queries/documents";
import { bootstrapMean } from "../metrics/bootstrap";
import { requireDataset, requireReady } from "../datasets/service";
import { getEmbedder } from "../embeddings/registry";
import { retrieveInGroup } from "./retrieve";
import { DEFAULT_RETRIEVAL, retrievalLabel, type Retrieval } from "./modes";
import { mentions, SAMPLE_TRUTH, type TruthQuestion } from "./sample-truth";
import type { ServerContext } from "../server-context";

// Retrieval quality on a dataset with known answers (the sample). Per question and group:
//  - recall@k: relevant documents in the top k / min(k, relevant documents in the group), so 1 is reachable;
//  - aspects@k: share of the wanted aspects (likes, dislikes, or the one feature) that the top k mention,
//    which is what a RAG answer can draw on.
// Reported per question kind and retrieval mode as a mean over groups, with n and a bootstrap 95% interval.

export const EVAL_MODES: Retrieval[] = [
  DEFAULT_RETRIEVAL,
  { mode: "hybrid", mmr: false },
  { mode: "vector", mmr: true },
  { mode: "hybrid", mmr: true },
];

type Interval = { mean: number; lo: number; hi: number; n: number };
export type EvalRow = {
  kind: TruthQuestion["kind"];
  question: string;
  mode: Retrieval;
  label: string;
  k: number;
  recall: Interval;
  aspects: Interval;
};

export async function evaluateRetrieval(ctx: ServerContext, datasetId: string, k: number): Promise<EvalRow[]> {
  const dataset = await requireDataset(ctx.db, datasetId);
  requireReady(dataset);
  const groups = Object.entries(SAMPLE_TRUTH);
  // Every (kind, group) question embedded once, in one batch: the modes differ only in what they do with it.
  const embedder = await getEmbedder(ctx.modelsDir, dataset.embedder);
  const texts = [...new Set(groups.flatMap(([, questions]) => questions.map((q) => q.question)))];
  const vectorOf = new Map((await embedder.embed(texts)).map((v, i) => [texts[i], v]));
  const rows: EvalRow[] = [];
  for (const kind of ["like", "dislike", "feature"] as const) {
    // How many relevant documents each group holds does not depend on the mode: counted once per kind.
    const relevantIn = new Map<string, number>();
    for (const [group, questions] of groups) {
      relevantIn.set(
        group,
        await countMentioning(ctx.db, datasetId, group, questions.find((q) => q.kind === kind)!.aspects),
      );
    }
    for (const mode of EVAL_MODES) {
      const recall: number[] = [];
      const aspects: number[] = [];
      for (const [group, questions] of groups) {
        const truth = questions.find((q) => q.kind === kind)!;
        const relevantInGroup = relevantIn.get(group)!;
        const hits = await retrieveInGroup(ctx.db, dataset, {
          group,
          question: truth.question,
          vector: vectorOf.get(truth.question)!,
          k,
          ...mode,
        });
        const relevant = hits.filter((h) => truth.aspects.some((a) => mentions(h.text, a))).length;
        recall.push(relevantInGroup ? relevant / Math.min(k, relevantInGroup) : 0);
        aspects.push(truth.aspects.filter((a) => hits.some((h) => mentions(h.text, a))).length / truth.aspects.length);
      }
      const question =
        kind === "feature" ? "a named feature (one per product)" : groups[0][1].find((q) => q.kind === kind)!.question;
      rows.push({
        kind,
        question,
        mode,
        label: retrievalLabel(mode),
        k,
        recall: bootstrapMean(recall)!,
        aspects: bootstrapMean(aspects)!,
      });
    }
  }
  return rows;
}
