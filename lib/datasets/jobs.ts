import type { Db } from "../db/client";
import { findDataset, unfinishedDatasets, updateDataset } from "../db/queries/datasets";
import { getEmbedder } from "../embeddings/registry";
import { AppError } from "../errors";
import { log } from "../log";
import { failImport } from "./import-failure";
import { runImport } from "./import-job";
import { publishProgress, progressFromRow } from "./progress";

// Imports run in the background, one at a time (they share two cores with everything else).

type Job = { controller: AbortController; done: Promise<unknown> };
type Jobs = { running: Map<string, Job>; tail: Promise<unknown> };
const holder = globalThis as typeof globalThis & { __lineupImportJobs?: Jobs };
const jobs = (holder.__lineupImportJobs ??= { running: new Map(), tail: Promise.resolve() });


export function startImport(db: Db, modelsDir: string, datasetId: string): void {
  if (jobs.running.has(datasetId)) return;
  const controller = new AbortController();
  const done = jobs.tail.then(async () => {
    const dataset = await findDataset(db, datasetId);
    if (!dataset) return;
    if (controller.signal.aborted) {
      // Cancelled while waiting behind another import.
      await updateDataset(db, datasetId, { status: "cancelled" });
      publishProgress(progressFromRow((await findDataset(db, datasetId))!));
      return;
    }
    try {
      const embedder = await getEmbedder(modelsDir, dataset.embedder);
      await runImport(datasetId, { db, embedder, signal: controller.signal });
    } catch (err) {
      const message = err instanceof AppError ? err.message : `The import could not start: ${(err as Error).message}`;
      await failImport(db, datasetId, message, err instanceof AppError ? undefined : err);
    }
  }).finally(() => jobs.running.delete(datasetId));
  jobs.running.set(datasetId, { controller, done });
  jobs.tail = done.catch((err) => log.error(`import ${datasetId} ended with an error`, err));
}

/** Stops an import after its current batch; what is stored stays, and it can be resumed. */
export async function cancelImport(db: Db, datasetId: string): Promise<void> {
  const job = jobs.running.get(datasetId);
  if (!job) {
    const dataset = await findDataset(db, datasetId);
    if (dataset && (dataset.status === "pending" || dataset.status === "importing")) {
      await updateDataset(db, datasetId, { status: "cancelled" });
      publishProgress(progressFromRow((await findDataset(db, datasetId))!));
    }
    return;
  }
  job.controller.abort();
  await job.done;
}

export async function waitForImport(datasetId: string): Promise<void> {
  await jobs.running.get(datasetId)?.done;
}

/** At start-up: imports that were running when the server stopped go on where they stopped. */
export async function resumeUnfinishedImports(db: Db, modelsDir: string): Promise<string[]> {
  const unfinished = await unfinishedDatasets(db);
  for (const d of unfinished) startImport(db, modelsDir, d.id);
  return unfinished.map((d) => d.id);
}
