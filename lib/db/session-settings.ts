import "server-only";

/**
 * Settings every session starts with (as startup options, `-c name=value`). Filtered vector search (one group of
 * a dataset) walks the HNSW graph on until k rows pass the filter instead of stopping at ef_search candidates
 * (pgvector 0.8's iterative scans; without them a filtered search returned 1 of 5 rows). Set per session, not
 * per query: a transaction with SET LOCAL cost each search three more round trips. relaxed_order may hand rows
 * back slightly out of order, so the search sorts its k hits again (lib/db/queries/documents.ts).
 */
export const SESSION_SETTINGS: [string, string][] = [["hnsw.iterative_scan", "relaxed_order"]];
export const sessionOptions = () => SESSION_SETTINGS.map(([k, v]) => `-c ${k}=${v}`).join(" ");
