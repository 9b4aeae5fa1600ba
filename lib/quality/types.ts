import type { Rating, Ratings } from "./bradley-terry";

// Shapes the quality API answers with, for the pages. Types only: browser-safe.

export type RatedModel = Rating & { meanWords: number | null };
export type RatingsView = Omit<Ratings, "ratings"> & { ratings: RatedModel[] };

/** One side of a blind pair: the answer only; the model stays sealed in the pair's ticket until the vote. */
export type ArenaSide = { answer: string; words: number | null };
export type ArenaPair = {
  ticket: string;
  question: { id: number; groupKey: string; question: string; documents: { id: number; text: string }[] };
  a: ArenaSide;
  b: ArenaSide;
};
export type ArenaNext = { pair: ArenaPair | null; done: number; total: number };
export type VoteResult = {
  vote: { id: number; winner: "a" | "b" | "tie" | "both_bad" };
  models: { a: string; b: string };
};
