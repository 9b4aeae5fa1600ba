import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { createVectorIndex, dropVectorIndex, insertDocuments, type NewDocument } from "../db/queries/documents";
import { findDataset, updateDataset } from "../db/queries/datasets";
import { datasets, type Dataset } from "../db/schema";
import type { Embedder } from "../embeddings/embedder";
import { AppError, isAppError } from "../errors";
import { countRows, detectDelimiter, readCsv } from "./csv";
import { documentText, groupOf } from "./mapping";
import { publishProgress, type ImportProgress } from "./progress";

// Embeds a CSV into pgvector, batch by batch. Each batch's documents and the dataset's counters commit in
// one transaction, so an interrupted import resumes exactly at the first row it had not finished.

export const BATCH_SIZE = 32;
/** Long texts are stored whole but embedded from their start: the embedder truncates at its token limit anyway. */
export const EMBED_MAX_CHARS = 4000;

export type ImportDeps = { db: Db; embedder: Embedder; signal: AbortSignal };

function progress(d: Dataset, extra: Partial<ImportProgress> = {}): ImportProgress {
  return {
    datasetId: d.id, status: d.status, rowsTotal: d.rowsTotal, rowsDone: d.rowsDone, rowsSkipped: d.rowsSkipped,
    rowsPerSecond: null, secondsLeft: null, error: d.error, ...extra,
  };
}

export async function runImport(datasetId: string, { db, embedder, signal }: ImportDeps): Promise<Dataset> {
  let dataset = (await findDataset(db, datasetId))!;
  try {
    const delimiter = await detectDelimiter(dataset.sourceFile);
    if (dataset.rowsTotal === 0) {
      await updateDataset(db, datasetId, { rowsTotal: await countRows(dataset.sourceFile, delimiter) });
    }
    await updateDataset(db, datasetId, { status: "importing", error: null });
    dataset = (await findDataset(db, datasetId))!;
    publishProgress(progress(dataset));

    const started = performance.now();
    const resumedAt = dataset.rowsDone + dataset.rowsSkipped;
    let processed = resumedAt;
    let batch: { row: number; record: Record<string, string> }[] = [];

    const flush = async () => {
      const docs: NewDocument[] = [];
      let skipped = 0;
      for (const { row, record } of batch) {
        const text = documentText(record, dataset.mapping);
        if (!text) {
          skipped++;
          continue;
        }
        const metadata = Object.fromEntries(dataset.mapping.labels.map((c) => [c, record[c] ?? ""]));
        docs.push({ groupKey: groupOf(record, dataset.mapping), sourceRow: row, text, metadata, embedding: [] });
      }
      const vectors = await embedder.embed(docs.map((d) => d.text.slice(0, EMBED_MAX_CHARS)));
      docs.forEach((d, i) => (d.embedding = vectors[i]));
      await db.transaction(async (tx) => {
        await insertDocuments(tx as unknown as Db, datasetId, docs);
        await tx.update(datasets).set({
          rowsDone: sql`${datasets.rowsDone} + ${docs.length}`,
          rowsSkipped: sql`${datasets.rowsSkipped} + ${skipped}`,
        }).where(eq(datasets.id, datasetId));
      });
      processed += batch.length;
      batch = [];
      dataset = (await findDataset(db, datasetId))!;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? (processed - resumedAt) / seconds : null;
      publishProgress(progress(dataset, {
        rowsPerSecond: rate,
        secondsLeft: rate ? Math.max(0, (dataset.rowsTotal - processed) / rate) : null,
      }));
    };

    for await (const item of readCsv(dataset.sourceFile, delimiter, resumedAt)) {
      if (signal.aborted) break;
      batch.push(item);
      if (batch.length >= BATCH_SIZE) await flush();
    }
    if (signal.aborted) {
      await updateDataset(db, datasetId, { status: "cancelled" });
    } else {
      if (batch.length) await flush();
      if (dataset.rowsDone === 0) {
        throw new AppError("bad_request", `No row had any text in the chosen column${dataset.mapping.text.length > 1 ? "s" : ""} (${dataset.mapping.text.join(", ")}): nothing to embed. Choose other text columns.`);
      }
      publishProgress(progress(dataset, { rowsPerSecond: null, secondsLeft: 0 }));
      await dropVectorIndex(db, datasetId);
      await createVectorIndex(db, datasetId, dataset.embeddingDim, dataset.metric);
      await updateDataset(db, datasetId, { status: "ready", finishedAt: new Date() });
    }
  } catch (err) {
    const message = isAppError(err) ? err.message : `The import stopped: ${(err as Error).message}`;
    await updateDataset(db, datasetId, { status: "failed", error: message });
    if (!isAppError(err)) console.error(`[lineup] import ${datasetId} failed`, err);
  }
  dataset = (await findDataset(db, datasetId))!;
  publishProgress(progress(dataset));
  return dataset;
}
