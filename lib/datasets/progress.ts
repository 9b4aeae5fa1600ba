import "server-only";
import type { Dataset } from "../db/schema";
import { LiveHub } from "../live/hub";
import { processWide } from "../process-wide";
import { isActiveImportStatus } from "../runs/status";
import type { ImportProgress } from "./types";

// Live import progress, on the shared hub (lib/live/hub.ts), fanned out to every page that watches it. The
// database holds the durable state; the hub holds the rate and time left, which only the running job knows.

export type { ImportProgress } from "./types";

const hub = processWide(
  "import-hub",
  () => new LiveHub<ImportProgress>({ isFinal: (p) => !isActiveImportStatus(p.status), capacity: 1 }),
);

export function publishProgress(progress: ImportProgress): void {
  hub.publish(progress.datasetId, progress);
}

export function latestProgress(datasetId: string): ImportProgress | undefined {
  return hub.latest(datasetId);
}

export function progressFromRow(d: Dataset, live: Partial<ImportProgress> = {}): ImportProgress {
  return {
    datasetId: d.id,
    status: d.status,
    rowsTotal: d.rowsTotal,
    rowsDone: d.rowsDone,
    rowsSkipped: d.rowsSkipped,
    rowsPerSecond: null,
    secondsLeft: null,
    error: d.error,
    ...live,
  };
}

/** The current state, then every change until the import ends (or the caller stops listening). */
export async function* watchProgress(initial: ImportProgress, signal?: AbortSignal): AsyncGenerator<ImportProgress> {
  const snapshot = async () => latestProgress(initial.datasetId) ?? initial;
  for await (const logged of hub.subscribe(initial.datasetId, null, snapshot, signal)) yield logged.event;
}
