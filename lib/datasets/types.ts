import type { ImportStatus } from "../runs/status";

// Import shapes shared by the server and the pages. Types only: browser-safe.

export type ImportProgress = {
  datasetId: string;
  status: ImportStatus;
  rowsTotal: number;
  rowsDone: number;
  rowsSkipped: number;
  rowsPerSecond: number | null;
  secondsLeft: number | null;
  error: string | null;
  /** Set while the rows are stored and the search index is being built (it can take a minute at 50k rows). */
  phase?: "indexing";
  /** While indexing: how far the build is, 0-100; measured on a PostgreSQL server, estimated from time on PGlite. */
  indexPercent?: number;
  indexEstimated?: boolean;
};
