// How documents are retrieved for a question: browser-safe, for the form, the search box, the run page and exports.

export const RETRIEVAL_MODES = [
  { id: "vector", label: "Vector", help: "nearest embeddings (cosine similarity)" },
  { id: "hybrid", label: "Hybrid", help: "nearest embeddings and Postgres full-text search, fused by reciprocal rank" },
] as const;

export type RetrievalMode = (typeof RETRIEVAL_MODES)[number]["id"];
export type Retrieval = { mode: RetrievalMode; mmr: boolean };

/** Runs stored before retrieval modes existed used plain vector search. */
export const DEFAULT_RETRIEVAL: Retrieval = { mode: "vector", mmr: false };

/** A run's retrieval: its settings keep the mode as `retrieval` (absent on runs from before the modes). */
export function retrievalOf(settings: { retrieval?: RetrievalMode; mmr?: boolean }): Retrieval {
  return { mode: settings.retrieval ?? DEFAULT_RETRIEVAL.mode, mmr: settings.mmr ?? DEFAULT_RETRIEVAL.mmr };
}

export function retrievalLabel(r: Retrieval): string {
  const mode = RETRIEVAL_MODES.find((m) => m.id === r.mode)!;
  return `${mode.label}${r.mmr ? " + MMR (diverse)" : ""}`;
}
