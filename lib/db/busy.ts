import "server-only";

// Statements known to hold the embedded database for a long time (an HNSW index build: about a minute at 50,000
// rows). PGlite runs one statement at a time, so every query waits behind them; the health check says so at once
// instead of waiting too. Kept on globalThis: route bundles may each load their own copy of this module.

export type BusyWith = { what: string; since: string };

const holder = globalThis as typeof globalThis & { __lineupDbBusy?: Map<number, BusyWith> };
const busy = (holder.__lineupDbBusy ??= new Map());
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
