// Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): each list votes 1/(c + rank) for the
// documents it found. Ranks, not scores, are fused, so a cosine similarity and a ts_rank need no common scale.
// c = 60 is the paper's constant; it keeps one list's top hit from outvoting agreement between lists.

export const RRF_C = 60;

type Ranked = { id: number; ranks?: { vector?: number; text?: number } };

/** Fused order of the documents of several ranked lists; a document's ranks from every list are kept. */
export function reciprocalRankFusion<T extends Ranked>(lists: T[][], c = RRF_C): (T & { fused: number })[] {
  const byId = new Map<number, T & { fused: number }>();
  for (const list of lists) {
    list.forEach((hit, i) => {
      const seen = byId.get(hit.id);
      const vote = 1 / (c + i + 1);
      if (seen) {
        seen.fused += vote;
        seen.ranks = { ...seen.ranks, ...hit.ranks };
      } else {
        byId.set(hit.id, { ...hit, ranks: { ...hit.ranks }, fused: vote });
      }
    });
  }
  return [...byId.values()].sort((a, b) => b.fused - a.fused || a.id - b.id);
}
