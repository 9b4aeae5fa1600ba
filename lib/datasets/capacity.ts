import "server-only";
import fs from "node:fs";
import { isEmbedded, type Db } from "../db/client";
import { PGLITE_BUILD_MEMORY_MB } from "../db/queries/documents";
import { AppError } from "../errors";
import { formatInt } from "../format";
import { countRows } from "./csv";

// What the embedded database (PGlite) can hold, and the refusal of an import that would pass it, before it starts.
// PGlite is Postgres compiled to 32-bit WebAssembly, and its memory is capped at 2 GiB (its build's maximum: 32,768
// pages of 64 KiB; measured here: an in-memory sort failed with "out of memory" once the heap reached 2,048 MB).
// Rows live on disk, but a dataset's search index is built as one HNSW graph in memory (pgvector), and a graph
// larger than the build memory is built on disk, many times slower. So the ceiling is the largest graph that
// fits in the memory a build may take there, from the bytes per element pgvector's graph was measured to take
// (bench notes in README: "Know the limits").

/**
 * Bytes one row takes in pgvector's in-memory HNSW graph on PGlite (its index type is vector: 4 bytes a
 * dimension, plus links and bookkeeping). Measured from pgvector's notice "hnsw graph no longer fits into
 * maintenance_work_mem after N tuples" with 8 and 16 MB of build memory: 1,591 bytes a row at 256 dimensions and
 * 3,641 at 768 (the same at both memory sizes), so 567 + 4.004 × dim.
 */
export function graphBytesPerRow(dim: number): number {
  return GRAPH_FIXED_BYTES + GRAPH_BYTES_PER_DIM * dim;
}
const GRAPH_FIXED_BYTES = 567;
const GRAPH_BYTES_PER_DIM = 4.004;

/**
 * Memory for a PostgreSQL server's build of this many rows (its index type is halfvec: 2 bytes a dimension, the
 * same links): the graph and a fifth more, at least 64 MB, at most `capMb` (LINEUP_INDEX_BUILD_MEMORY_MB). With
 * too little, pgvector builds the rest of the graph on disk: a million rows × 384 given 512 MB had added 465k rows
 * after 21 minutes, 8,000 a minute.
 */
export function serverBuildMemoryMb(rows: number, dim: number, capMb: number): number {
  const graphMb = (rows * (GRAPH_FIXED_BYTES + 2 * dim) * 1.2) / 2 ** 20;
  return Math.round(Math.min(capMb, Math.max(64, graphMb)));
}

/** The most rows of this many dimensions PGlite can index in memory. */
export function pgliteMaxRows(dim: number): number {
  return Math.floor((PGLITE_BUILD_MEMORY_MB * 2 ** 20) / graphBytesPerRow(dim));
}

/** Line breaks in the file: at least the rows it holds (a quoted field may span lines), read at disk speed. */
async function lineCount(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

/**
 * Refuses, before anything is stored, an import PGlite could not index; on a PostgreSQL server, anything goes.
 * Returns the file's row count when it had to count them (the import then need not count again).
 */
export async function checkCapacity(
  db: Db,
  file: string,
  delimiter: string,
  dim: number,
  limit: number = pgliteMaxRows(dim),
): Promise<number | null> {
  if (!isEmbedded(db)) return null;
  // Cheap first: a file with fewer line breaks than the limit has fewer rows; only a larger one is parsed.
  if ((await lineCount(file)) <= limit) return null;
  const rows = await countRows(file, delimiter);
  if (rows <= limit) return rows;
  throw new AppError(
    "too_large",
    `This CSV has ${formatInt(rows)} rows, and with ${dim}-dimension embeddings that is more than the embedded database can index: about ${formatInt(limit)} rows at ${dim} dimensions (its memory is capped at 2 GB by WebAssembly). Set DATABASE_URL to a PostgreSQL server with pgvector (\`docker compose up\` starts one) and import it there, or import a part of the file.`,
    { details: { rows, dim, maxRows: limit } },
  );
}
