import "server-only";
import type { Db } from "../db/client";
import { findDataset, unfinishedDatasets } from "../db/queries/datasets";
import { getEmbedder } from "../embeddings/registry";
import { AppError } from "../errors";
import { SerialQueue, type Job } from "../jobs/serial-queue";
import { log } from "../log";
import { processWide } from "../process-wide";
import type { ServerContext } from "../server-context";
import { failImport } from "./import-failure";
import { runImport } from "./import-job";
import { setImportState } from "./state";

// Imports run in the background, one at a time (they share two cores with everything else).

async function work({ id, ctx }: Job<ServerContext>, signal: AbortSignal) {
  const dataset = await findDataset(ctx.db, id);
  if (!dataset) return;
  try {
    const embedder = await getEmbedder(ctx.modelsDir, dataset.embedder);
    await runImport(id, { db: ctx.db, embedder, signal });
  } catch (err) {
    const message = err instanceof AppError ? err.message : `The import could not start: ${(err as Error).message}`;
    await failImport(ctx.db, id, message, err instanceof AppError ? undefined : err);
  }
}

const queue = () =>
  processWide(
    "import-queue",
    () =>
      new SerialQueue<ServerContext>(
        work,
        () => {},
        (job, err) => log.error(`import ${job.id} crashed`, err),
      ),
  );

export function startImport(ctx: ServerContext, datasetId: string): void {
  queue().enqueue(datasetId, ctx);
}

/** Stops an import after its current batch; what is stored stays, and it can be resumed. */
export async function cancelImport(db: Db, datasetId: string): Promise<void> {
  const was = await queue().cancel(datasetId, "cancel");
  if (was === "running") return; // the job wrote and announced "cancelled"
  const dataset = await findDataset(db, datasetId);
  if (dataset && (dataset.status === "pending" || dataset.status === "importing"))
    await setImportState(db, datasetId, { status: "cancelled" });
}

export const waitForImport = (datasetId: string) => queue().wait(datasetId);

/** At start-up: imports that were running when the server stopped go on where they stopped. */
export async function resumeUnfinishedImports(ctx: ServerContext): Promise<string[]> {
  const unfinished = await unfinishedDatasets(ctx.db);
  for (const d of unfinished) startImport(ctx, d.id);
  return unfinished.map((d) => d.id);
}
