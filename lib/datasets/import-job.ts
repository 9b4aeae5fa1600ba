import "server-only";
import { eq, sql } from "drizzle-orm";
import { embeddedDataDir, loadPathOf, withClientTransaction, type Db } from "../db/client";
import { loadDocuments } from "../db/bulk-load";
import {
  analyzeDocuments,
  countRepeats,
  dropVectorIndex,
  insertDocuments,
  type NewDocument,
} from "../db/queries/documents";
import { duplicateKey, splitRepeats, type Repeat } from "../retrieval/duplicates";
import { findDataset, updateDataset } from "../db/queries/datasets";
import { datasets, type Dataset } from "../db/schema";
import type { Embedder } from "../embeddings/embedder";
import { AppError, isAppError } from "../errors";
import type { CancellableContext } from "../server-context";
import { countRows, detectDelimiter, readCsv } from "./csv";
import { documentText, groupOf } from "./mapping";
import { failImport } from "./import-failure";
import { setImportState } from "./state";
import { buildVectorIndex } from "./index-build";
import { progressFromRow, publishProgress } from "./progress";
import { storableRecord } from "./storable-text";
import { diskFullError, ensureFreeSpace, isDiskFull } from "../system/disk";
import { batchBytes, importBytes, indexBytes } from "./disk-estimate";

// Embeds a CSV into pgvector. Each write's documents and the dataset's counters commit in one transaction,
// so an interrupted import resumes exactly at the first row it had not finished. The next batch is embedded
// while the previous one is written, so the database work hides behind the embedding work.
// A cancel takes effect between batches: what was embedded is still written, so nothing is wasted.

export const EMBED_BATCH = 32;
/** Rows per database transaction: fewer, larger writes. */
export const WRITE_BATCH = 256;
/**
 * Below this many documents an exact scan of one group (through the dataset/group b-tree) is fast and exact,
 * and building an HNSW graph would cost more than it saves; above it, searches go through HNSW.
 */
export const HNSW_MIN_DOCUMENTS = 10_000;
/**
 * Repeated texts remembered before embedding, at most: the set is emptied when it passes this, so an import's
 * memory does not grow with the file (about 10 MB here). A repeat met after that is embedded and then folded
 * into its document by the database (ON CONFLICT), and still counted as merged.
 */
export const SEEN_LIMIT = 100_000;
/** Long texts are stored whole but embedded from their start: the embedder truncates at its token limit anyway. */
export const EMBED_MAX_CHARS = 4000;

export type ImportDeps = Pick<CancellableContext, "db" | "signal"> & { embedder: Embedder };
type Row = { row: number; record: Record<string, string> };
export type Prepared = {
  docs: NewDocument[];
  repeats: Repeat[];
  merged: number;
  skipped: number;
  rows: number;
  cleaned: number;
};

/** A vector search can rank: finite, and not all zeros. */
export function hasDirection(vector: number[]): boolean {
  return vector.every(Number.isFinite) && vector.some((x) => x !== 0);
}

async function embedRows(rows: Row[], dataset: Dataset, embedder: Embedder, seen: Set<string>): Promise<Prepared> {
  const all: NewDocument[] = [];
  let cleaned = 0;
  for (const { row, record: raw } of rows) {
    const { record, cleaned: changed } = storableRecord(raw);
    if (changed) cleaned++;
    const text = documentText(record, dataset.mapping);
    if (!text) continue;
    const metadata = Object.fromEntries(dataset.mapping.labels.map((c) => [c, record[c] ?? ""]));
    all.push({
      groupKey: groupOf(record, dataset.mapping),
      sourceRow: row,
      text,
      metadata,
      embedding: [],
      textHash: dataset.dedupe ? duplicateKey(text) : null,
    });
  }
  // Repeats are split off before embedding (synchronously, so batches see each other's texts in row order).
  if (seen.size > SEEN_LIMIT) seen.clear();
  const { first: docs, repeats } = splitRepeats(all, seen);
  // All sub-batches are sent at once: the embedding process works through them while this thread writes.
  const slices: NewDocument[][] = [];
  for (let i = 0; i < docs.length; i += EMBED_BATCH) slices.push(docs.slice(i, i + EMBED_BATCH));
  const vectors = await Promise.all(
    slices.map((slice) => embedder.embed(slice.map((d) => d.text.slice(0, EMBED_MAX_CHARS)))),
  );
  slices.forEach((slice, i) => slice.forEach((d, j) => (d.embedding = vectors[i][j])));
  // A text made only of words the embedder does not know pools to a zero vector (NaN once normalised), which
  // pgvector refuses and no search could rank: such a row is skipped and counted, and the import goes on.
  const embeddable = docs.filter((d) => hasDirection(d.embedding));
  const merged = repeats.reduce((n, r) => n + r.count, 0);
  return {
    docs: embeddable,
    repeats,
    merged,
    skipped: rows.length - embeddable.length - merged,
    rows: rows.length,
    cleaned,
  };
}

/** Rows handled: stored as a document, or counted on the document that holds the same text. */
const done = (batch: Prepared) => batch.docs.length + batch.merged;

/** Stores one batch and the dataset's counters in one transaction: the database side of an import (bench:scale times it). */
export async function write(
  db: Db,
  dataset: Pick<Dataset, "id" | "dedupe">,
  batch: Prepared,
  diskDir: string | null,
): Promise<void> {
  // Checked before every write: another program may fill the disk while the import runs.
  if (diskDir) ensureFreeSpace(diskDir, batchBytes(batch.docs), "this import");
  const load = loadPathOf(db);
  await withClientTransaction(db, async (client, tx) => {
    // Texts already stored (met before a resume, or before `seen` was cleared) are counted on their document.
    const mergedByDb =
      load.path === "insert"
        ? await insertDocuments(tx, dataset.id, batch.docs)
        : await loadDocuments({ client, path: load.path, thread: load.thread }, dataset.id, batch.docs, dataset.dedupe);
    await countRepeats(tx, dataset.id, batch.repeats);
    await tx
      .update(datasets)
      .set({
        rowsDone: sql`${datasets.rowsDone} + ${done(batch)}`,
        rowsMerged: sql`${datasets.rowsMerged} + ${batch.merged + mergedByDb}`,
        rowsSkipped: sql`${datasets.rowsSkipped} + ${batch.skipped}`,
        rowsCleaned: sql`${datasets.rowsCleaned} + ${batch.cleaned}`,
      })
      .where(eq(datasets.id, dataset.id));
  });
}

export async function runImport(datasetId: string, { db, embedder, signal }: ImportDeps): Promise<Dataset> {
  let dataset = (await findDataset(db, datasetId))!;
  const diskDir = embeddedDataDir(db);
  try {
    const delimiter = await detectDelimiter(dataset.sourceFile);
    if (dataset.rowsTotal === 0) {
      await updateDataset(db, datasetId, { rowsTotal: await countRows(dataset.sourceFile, delimiter) });
      dataset = (await findDataset(db, datasetId))!;
    }
    if (diskDir) ensureFreeSpace(diskDir, importBytes(dataset), "this import");
    dataset = (await setImportState(db, datasetId, { status: "importing", error: null }))!;

    const started = performance.now();
    const resumedAt = dataset.rowsDone + dataset.rowsSkipped;
    const counts = { done: dataset.rowsDone, skipped: dataset.rowsSkipped };
    // Up to two batches are embedding (in the embedding process) while this thread writes the oldest one.
    const embedding: Promise<Prepared>[] = [];
    const writeOldest = async () => {
      const prepared = await embedding.shift()!;
      await write(db, dataset, prepared, diskDir);
      counts.done += done(prepared);
      counts.skipped += prepared.skipped;
      const processed = counts.done + counts.skipped;
      const rate = (processed - resumedAt) / ((performance.now() - started) / 1000);
      await setImportState(
        db,
        datasetId,
        {},
        {
          rowsPerSecond: rate,
          secondsLeft: rate > 0 ? Math.max(0, (dataset.rowsTotal - processed) / rate) : null,
        },
      );
    };
    const seen = new Set<string>();
    let rows: Row[] = [];
    for await (const item of readCsv(dataset.sourceFile, delimiter, resumedAt)) {
      if (signal.aborted) break;
      rows.push(item);
      if (rows.length < WRITE_BATCH) continue;
      embedding.push(embedRows(rows, dataset, embedder, seen));
      rows = [];
      if (embedding.length >= 2) await writeOldest();
    }
    if (!signal.aborted && rows.length) embedding.push(embedRows(rows, dataset, embedder, seen));
    while (embedding.length) await writeOldest();
    dataset = (await findDataset(db, datasetId))!;
    if (signal.aborted) {
      await setImportState(db, datasetId, { status: "cancelled" });
    } else {
      if (dataset.rowsDone === 0) {
        throw new AppError(
          "bad_request",
          `No row had any text in the chosen column${dataset.mapping.text.length > 1 ? "s" : ""} (${dataset.mapping.text.join(", ")}): nothing to embed. Choose other text columns.`,
        );
      }
      await dropVectorIndex(db, datasetId);
      if (dataset.rowsDone >= HNSW_MIN_DOCUMENTS) {
        if (diskDir) ensureFreeSpace(diskDir, indexBytes(dataset), "building the search index");
        const indexing = { rowsPerSecond: null, secondsLeft: null, phase: "indexing" as const };
        await setImportState(db, datasetId, {}, { ...indexing, indexPercent: 0 });
        // The embedded database answers no other query until the index is built (about a minute at 50k rows; it
        // runs on its own thread, so the server itself stays responsive): let the pages watching receive
        // "building the search index" first.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const row = dataset;
        const indexed = { ...dataset, rowsDone: dataset.rowsDone - dataset.rowsMerged }; // repeats are not rows
        await buildVectorIndex(db, indexed, ({ percent, estimated }) =>
          // Announced without a database write: on PGlite the database is busy with the build itself.
          publishProgress(progressFromRow(row, { ...indexing, indexPercent: percent, indexEstimated: estimated })),
        );
      }
      await analyzeDocuments(db);
      await setImportState(db, datasetId, { status: "ready", finishedAt: new Date() });
    }
  } catch (err) {
    const known = isAppError(err) ? err : isDiskFull(err) ? diskFullError(diskDir, err) : null;
    await failImport(
      db,
      datasetId,
      known ? known.message : `The import stopped: ${(err as Error).message}`,
      known && known.cause === undefined ? undefined : err,
    );
  }
  return (await findDataset(db, datasetId))!;
}
