import "server-only";
import { countMentioning } from "../db/queries/documents";
import { bootstrapMean } from "../metrics/bootstrap";
import { searchDataset, type Ctx } from "../datasets/service";
import { DEFAULT_RETRIEVAL, retrievalLabel, type Retrieval } from "./modes";
import { mentions, SAMPLE_TRUTH, type TruthQuestion } from "./sample-truth";

// Retrieval quality on a dataset with known answers (the sample). Per question and group:
//  - recall@k: relevant documents in the top k / min(k, relevant documents in the group), so 1 is reachable;
//  - aspects@k: share of the wanted aspects (likes, dislikes, or the one feature) that the top k mention,
//    which is what a RAG answer can draw on.
// Reported per question kind and retrieval mode as a mean over groups, with n and a bootstrap 95% interval.

export const EVAL_MODES: Retrieval[] = [
  DEFAULT_RETRIEVAL, { mode: "hybrid", mmr: false }, { mode: "vector", mmr: true }, { mode: "hybrid", mmr: true },
];

type Interval = { mean: number; lo: number; hi: number; n: number };
export type EvalRow = { kind: TruthQuestion["kind"]; question: string; mode: Retrieval; label: string; k: number; recall: Interval; aspects: Interval };

export async function evaluateRetrieval(ctx: Ctx, datasetId: string, k: number): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  for (const kind of ["like", "dislike", "feature"] as const) {
    // How many relevant documents each group holds does not depend on the mode: counted once per kind.
    const relevantIn = new Map<string, number>();
    for (const [group, questions] of Object.entries(SAMPLE_TRUTH)) {
      relevantIn.set(group, await countMentioning(ctx.db, datasetId, group, questions.find((q) => q.kind === kind)!.aspects));
    }
    for (const mode of EVAL_MODES) {
      const recall: number[] = [];
      const aspects: number[] = [];
      for (const [group, questions] of Object.entries(SAMPLE_TRUTH)) {
        const truth = questions.find((q) => q.kind === kind)!;
        const relevantInGroup = relevantIn.get(group)!;
        const { hits } = await searchDataset(ctx, { id: datasetId, query: truth.question, group, k, retrieval: mode });
        const relevant = hits.filter((h) => truth.aspects.some((a) => mentions(h.text, a))).length;
        recall.push(relevantInGroup ? relevant / Math.min(k, relevantInGroup) : 0);
        aspects.push(truth.aspects.filter((a) => hits.some((h) => mentions(h.text, a))).length / truth.aspects.length);
      }
      const question = kind === "feature" ? "a named feature (one per product)" : SAMPLE_TRUTH[Object.keys(SAMPLE_TRUTH)[0]].find((q) => q.kind === kind)!.question;
      rows.push({ kind, question, mode, label: retrievalLabel(mode), k, recall: bootstrapMean(recall)!, aspects: bootstrapMean(aspects)! });
    }
  }
  return rows;
}
