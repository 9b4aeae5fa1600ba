import { EventEmitter } from "node:events";
import type { Dataset } from "../db/schema";

// Live import progress, fanned out to every page that watches it. The database holds the durable state;
// this holds the rate and time left, which only the running job knows.

export type ImportProgress = {
  datasetId: string;
  status: Dataset["status"];
  rowsTotal: number;
  rowsDone: number;
  rowsSkipped: number;
  rowsPerSecond: number | null;
  secondsLeft: number | null;
  error: string | null;
};

const FINAL: ImportProgress["status"][] = ["ready", "failed", "cancelled"];

type Hub = { emitter: EventEmitter; latest: Map<string, ImportProgress> };
const holder = globalThis as typeof globalThis & { __lineupImportHub?: Hub };
const hub = (holder.__lineupImportHub ??= { emitter: new EventEmitter().setMaxListeners(0), latest: new Map() });

export function publishProgress(progress: ImportProgress): void {
  hub.latest.set(progress.datasetId, progress);
  hub.emitter.emit(progress.datasetId, progress);
}

export function latestProgress(datasetId: string): ImportProgress | undefined {
  return hub.latest.get(datasetId);
}

export function progressFromRow(d: Dataset, live: Partial<ImportProgress> = {}): ImportProgress {
  return {
    datasetId: d.id, status: d.status, rowsTotal: d.rowsTotal, rowsDone: d.rowsDone, rowsSkipped: d.rowsSkipped,
    rowsPerSecond: null, secondsLeft: null, error: d.error, ...live,
  };
}

/** The current state, then every change until the import ends (or the caller stops listening). */
export async function* watchProgress(initial: ImportProgress, signal?: AbortSignal): AsyncGenerator<ImportProgress> {
  const queue: ImportProgress[] = [];
  let wake: (() => void) | undefined;
  const listener = (p: ImportProgress) => {
    queue.push(p);
    wake?.();
  };
  hub.emitter.on(initial.datasetId, listener);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    let current = latestProgress(initial.datasetId) ?? initial;
    yield current;
    while (!FINAL.includes(current.status) && !signal?.aborted) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const next = queue.shift();
      if (!next) continue;
      current = next;
      yield current;
    }
  } finally {
    hub.emitter.off(initial.datasetId, listener);
    signal?.removeEventListener("abort", onAbort);
  }
}
