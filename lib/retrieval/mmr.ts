import { cosine } from "../metrics/cosine";

// Maximal marginal relevance (Carbonell & Goldstein, SIGIR 1998): pick documents one at a time, each
// maximising  λ·relevance − (1−λ)·(highest similarity to a document already picked). Near-copies of a review
// already in the context lose to a review that says something else. λ = 0.7 leans on relevance, as
// LangChain's and LlamaIndex's defaults do (0.5 to 0.7).

export const MMR_LAMBDA = 0.7;

/** k of the candidates, diverse; `relevance` is each candidate's similarity to the question, in candidate order. */
export function maximalMarginalRelevance<T extends { embedding?: number[] }>(
  candidates: T[],
  relevance: number[],
  k: number,
  lambda = MMR_LAMBDA,
): T[] {
  // Relevance is rescaled to [0, 1] over the candidates: similarities of one product's reviews to a question
  // sit in a narrow band (say 0.55 to 0.70) while reviews resemble each other far more (0.9), so unscaled,
  // redundancy would outweigh any difference in relevance and MMR would pick the opposite of what was asked.
  const lo = Math.min(...relevance),
    hi = Math.max(...relevance);
  const left = candidates.map((c, i) => ({ c, rel: hi > lo ? (relevance[i] - lo) / (hi - lo) : 1 }));
  const picked: { c: T; rel: number }[] = [];
  while (picked.length < k && left.length) {
    let best = 0,
      bestScore = -Infinity;
    left.forEach((cand, i) => {
      const redundancy = picked.length
        ? Math.max(...picked.map((p) => cosine(cand.c.embedding ?? [], p.c.embedding ?? [])))
        : 0;
      const score = lambda * cand.rel - (1 - lambda) * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    picked.push(left.splice(best, 1)[0]);
  }
  return picked.map((p) => p.c);
}
