import { describe, expect, it } from "vitest";
import { reciprocalRankFusion } from "./fusion";
import { maximalMarginalRelevance } from "./mmr";

describe("reciprocal rank fusion", () => {
  it("puts a document both lists found above one only a single list ranked first, and keeps both ranks", () => {
    type R = { id: number; ranks: { vector?: number; text?: number } };
    const vector: R[] = [
      { id: 1, ranks: { vector: 1 } },
      { id: 2, ranks: { vector: 2 } },
      { id: 3, ranks: { vector: 3 } },
    ];
    const text: R[] = [
      { id: 4, ranks: { text: 1 } },
      { id: 2, ranks: { text: 2 } },
    ];
    const fused = reciprocalRankFusion([vector, text]);
    expect(fused.map((h) => h.id)).toEqual([2, 1, 4, 3]);
    expect(fused[0].ranks).toEqual({ vector: 2, text: 2 });
    expect(fused[0].fused).toBeCloseTo(2 / 62);
  });

  it("returns one list unchanged in order when the other found nothing", () => {
    const vector = [{ id: 9 }, { id: 7 }, { id: 8 }];
    expect(reciprocalRankFusion([vector, []]).map((h) => h.id)).toEqual([9, 7, 8]);
  });
});

describe("maximal marginal relevance", () => {
  it("skips a near-copy of the first pick in favour of a less similar, slightly less relevant document", () => {
    const docs = [
      { id: "a", embedding: [1, 0, 0] },
      { id: "a-copy", embedding: [0.99, 0.01, 0] },
      { id: "b", embedding: [0.6, 0.8, 0] },
      { id: "far", embedding: [0, 0, 1] },
    ];
    const relevance = [0.9, 0.89, 0.87, 0.5];
    expect(maximalMarginalRelevance(docs, relevance, 2).map((d) => d.id)).toEqual(["a", "b"]);
    // With λ = 1 it is plain relevance order.
    expect(maximalMarginalRelevance(docs, relevance, 2, 1).map((d) => d.id)).toEqual(["a", "a-copy"]);
  });
});
