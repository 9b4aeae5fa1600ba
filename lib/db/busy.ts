import "server-only";
import { processWide } from "../process-wide";

// Statements known to hold the embedded database for a long time (an HNSW index build: about a minute at 50,000
// rows). PGlite runs one statement at a time, so every query waits behind them; the health check says so at once
// instead of waiting too. Held process-wide: route bundles may each load their own copy of this module.

export type BusyWith = { what: string; since: string };

const busy = processWide("database-busy", () => new Map<number, BusyWith>());
let next = 0;

/** Runs `work`, listed as keeping the database busy with `what` until it ends. */
export async function whileBusy<T>(what: string, work: () => Promise<T>): Promise<T> {
  const key = next++;
  busy.set(key, { what, since: new Date().toISOString() });
  try {
    return await work();
  } finally {
    busy.delete(key);
  }
}

export function busyWith(): BusyWith[] {
  return [...busy.values()];
}
