import "server-only";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { NewDocument } from "./queries/documents";
import { encodeDocuments } from "./copy-binary";
import type { PgliteThread } from "./pglite-thread";

// The database side of an import, as fast as each database allows (issue 25: 5,000 rows/s with vectors given).
// Row-by-row INSERTs with vectors as text cost the server more in parsing floats than in storing them (20,000 ×
// 384 floats parsed in 0.9 s), so every path sends COPY's binary format: vectors as big-endian float16, ready to
// store. Rows land in a temporary table first, then one INSERT … SELECT moves them with the ON CONFLICT rules a
// resumed import needs (a text already stored adds to its count) — COPY itself cannot skip or merge conflicts.
// - PostgreSQL server: COPY FROM STDIN over the connection (pg-copy-streams).
// - Embedded PGlite on its thread: its wire protocol cannot take COPY FROM STDIN (the data arrives after the
//   statement has ended), so the bytes go to the thread as a file in PGlite's in-memory file system and the same
//   connection runs COPY FROM that file, inside the caller's transaction.
// - In-process PGlite behind a socket (tests only): plain multi-row INSERT, the path before this module.

export type LoadPath = "copy-stdin" | "copy-file" | "insert";

/** The staging table: the documents' columns a load writes, dropped at the end of the transaction. */
const STAGE = "documents_load";
const STAGE_COLUMNS = "dataset_id, group_key, source_row, text, metadata, embedding, text_hash";

export type LoadTarget = { client: pg.PoolClient; path: Exclude<LoadPath, "insert">; thread?: PgliteThread };

/**
 * Writes documents inside the caller's transaction (on `client`), moving them from the staging table. Returns how
 * many were repeats of a document already stored (added to its count instead).
 */
export async function loadDocuments(
  target: LoadTarget,
  datasetId: string,
  docs: NewDocument[],
  dedupe: boolean,
): Promise<number> {
  if (docs.length === 0) return 0;
  const { client } = target;
  const bytes = encodeDocuments(datasetId, docs);
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${STAGE} (dataset_id text, group_key text, source_row integer, text text, metadata jsonb, embedding halfvec, text_hash text) ON COMMIT DELETE ROWS`,
  );
  if (target.path === "copy-stdin") {
    await pipeline(
      Readable.from([bytes]),
      client.query(copyFrom(`COPY ${STAGE} (${STAGE_COLUMNS}) FROM STDIN (FORMAT binary)`)),
    );
  } else {
    const file = await target.thread!.stage(bytes);
    try {
      await client.query(`COPY ${STAGE} (${STAGE_COLUMNS}) FROM '${file}' (FORMAT binary)`);
    } finally {
      await target.thread!.unstage(file);
    }
  }
  // A resumed import meets texts stored before it stopped: they count, they are not stored twice.
  const conflict = dedupe
    ? "ON CONFLICT (dataset_id, group_key, text_hash) DO UPDATE SET duplicates = documents.duplicates + 1"
    : "ON CONFLICT (dataset_id, source_row) DO NOTHING";
  // xmax is set on a row the ON CONFLICT clause updated, and 0 on one it inserted.
  const { rows } = (await client.query(
    `WITH written AS (INSERT INTO documents (${STAGE_COLUMNS}) SELECT ${STAGE_COLUMNS} FROM ${STAGE} ${conflict} RETURNING xmax <> 0 AS merged)
     SELECT count(*) FILTER (WHERE merged) AS merged FROM written`,
  )) as { rows: { merged: string }[] };
  await client.query(`TRUNCATE ${STAGE}`); // one transaction may load more than once
  return Number(rows[0]?.merged ?? 0);
}
