import "server-only";
import { whileBusy } from "../db/busy";
import { isEmbedded, poolOf, type Db } from "../db/client";
import { createVectorIndex } from "../db/queries/documents";
import type { Dataset } from "../db/schema";
import { env } from "../env";
import { processWide } from "../process-wide";
import { serverBuildMemoryMb } from "./capacity";

// The search index of a bulk load, built once after every row is stored (an HNSW graph built in memory from all
// rows is far faster than one grown row by row), with its own progress for the pages.
// - PostgreSQL: pgvector reports each row it adds to the graph in pg_stat_progress_create_index (tuples_done),
//   read every second on another connection of the pool: the percentage is measured.
// - PGlite: one statement at a time on one session, so nothing can ask while the build runs. The percentage is
//   the time elapsed over the time the build is expected to take, from the last build's rate on this machine
//   (or a rate measured on the project's 2-core machine before any), held below 99% until the build ends, and
//   marked as an estimate.

export type IndexProgress = { percent: number; estimated: boolean };

/**
 * Rows × dimensions per second of an HNSW build on PGlite, measured by `npm run bench:scale` (100,000 × 384 in
 * 103 s on the project's busy 2-core machine; README). Only the first build's estimate rests on it: the build
 * time grows a little faster than the rows, so the estimate runs behind on larger datasets and jumps at the end.
 */
const PGLITE_BUILD_CELLS_PER_SECOND = (100_000 * 384) / 103;
const POLL_MS = 1000;

const rates = processWide("index-build-rate", () => ({ pgliteCellsPerSecond: PGLITE_BUILD_CELLS_PER_SECOND }));

/** The seconds an HNSW build of this many rows and dimensions is expected to take on the embedded database. */
export function expectedBuildSeconds(rows: number, dim: number): number {
  return (rows * dim) / rates.pgliteCellsPerSecond;
}

/** Where a server's build is: rows added to the graph over the rows to index, or null before it starts. */
async function serverProgress(db: Db, rows: number): Promise<number | null> {
  const { rows: found } = (await poolOf(db).query(
    `SELECT tuples_done FROM pg_stat_progress_create_index WHERE relid = 'documents'::regclass AND command = 'CREATE INDEX'`,
  )) as { rows: { tuples_done: string }[] };
  if (!found.length) return null;
  // Every row added is not the end: pgvector still writes the graph out. 100% is said only when the build returns.
  return Math.min(99, (100 * Number(found[0].tuples_done)) / Math.max(1, rows));
}

/** Builds the dataset's HNSW index, calling `report` about once a second while it runs. */
export async function buildVectorIndex(
  db: Db,
  dataset: Pick<Dataset, "id" | "rowsDone" | "embeddingDim" | "metric">,
  report: (progress: IndexProgress) => void,
): Promise<{ seconds: number }> {
  const embedded = isEmbedded(db);
  const expected = expectedBuildSeconds(dataset.rowsDone, dataset.embeddingDim);
  const started = performance.now();
  let polling = false;
  let finished = false;
  const timer = setInterval(() => {
    if (embedded) {
      const elapsed = (performance.now() - started) / 1000;
      report({ percent: Math.min(99, (100 * elapsed) / expected), estimated: true });
      return;
    }
    if (polling) return;
    polling = true;
    serverProgress(db, dataset.rowsDone)
      .then((percent) => percent !== null && !finished && report({ percent, estimated: false }))
      .catch(() => {}) // a progress read that fails leaves the last figure on the page; the build goes on
      .finally(() => (polling = false));
  }, POLL_MS);
  report({ percent: 0, estimated: embedded });
  try {
    await whileBusy(`building the search index of dataset ${dataset.id} (${dataset.rowsDone} rows)`, () =>
      createVectorIndex(
        db,
        dataset.id,
        dataset.embeddingDim,
        dataset.metric,
        serverBuildMemoryMb(dataset.rowsDone, dataset.embeddingDim, env().indexBuildMemoryMb),
      ),
    );
  } finally {
    clearInterval(timer);
    // A read still in flight answers after the build: its figure would follow the 100% below.
    finished = true;
  }
  const seconds = (performance.now() - started) / 1000;
  // Small builds are mostly fixed cost: only a build of some size sets the rate the next estimate uses.
  if (embedded && dataset.rowsDone >= 20_000) {
    rates.pgliteCellsPerSecond = (dataset.rowsDone * dataset.embeddingDim) / seconds;
  }
  report({ percent: 100, estimated: false });
  return { seconds };
}
