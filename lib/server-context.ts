import type { Db } from "./db/client";
import type { ModelSourceDirs } from "./env";

// The one context the product's services get: the database and the folders, for the running server
// (lib/server/context.ts), at boot, in a job of the run line or the import queue, and in tests. A module that
// needs more says so as a named extension of it (`CancellableContext`) or takes the part it needs (`Pick`),
// never its own copy of these fields. It sits at the bottom of lib/ and imports only types (the database's, the model stores').

/** A run's limits: documents cut to this many characters, and a generation silent this long fails. */
export type RunLimits = { docCharCap: number; stallMs: number };

export type ServerContext = {
  db: Db;
  /** Where Lineup keeps its files (uploads, the embedded database). */
  dataDir: string;
  /** The models folder. */
  modelsDir: string;
  /** Other tools' model stores searched beside it (unset: from the environment, lib/env.ts). */
  modelSources?: ModelSourceDirs;
  /** Threads for a run whose settings name none (unset: LINEUP_THREADS). */
  threads?: number;
  /** How long a model listing waits for new files' headers (requests: LIST_WAIT_MS; unset: as long as it takes). */
  modelWaitMs?: number;
  /** Tests only: limits instead of LINEUP_DOC_CHAR_CAP and LINEUP_WORKER_STALL_S. */
  limits?: Partial<RunLimits>;
  /** Tests only: the rows PGlite may index, instead of its measured ceiling (lib/datasets/capacity.ts). */
  embeddedRowLimit?: number;
};

/** The context of work that can be stopped (a run, an import, a judge): its signal aborts on cancel or shutdown. */
export type CancellableContext = ServerContext & { signal: AbortSignal };
