// The quality scores' names and labels: the one list, browser-safe (definitions in ./scores.ts).

export type QualityScores = {
  groundedness: number;
  answerRelevance: number;
  contextRelevance: number;
  distinct2: number;
  empty: number;
  refusal: number;
};

export const QUALITY_KEYS = [
  "groundedness",
  "answerRelevance",
  "contextRelevance",
  "distinct2",
  "empty",
  "refusal",
] as const satisfies readonly (keyof QualityScores)[];

export const QUALITY_LABELS: Record<keyof QualityScores, string> = {
  groundedness: "Groundedness",
  answerRelevance: "Answer relevance",
  contextRelevance: "Context relevance",
  distinct2: "Distinct-2",
  empty: "Empty",
  refusal: "Refusal",
};
