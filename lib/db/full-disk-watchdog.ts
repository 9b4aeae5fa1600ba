import "server-only";
import { Worker } from "node:worker_threads";

// The last line of defence against a full disk (lib/system/disk.ts is the first: writes are refused while there
// is still room). If the disk fills anyway (another program, or during an index build), PGlite loops in
// XLogFlush for good: 100% CPU on its thread, and every query waits. (When it ran on the server's thread, no
// request was answered and SIGTERM was never handled.) A watchdog thread sees the database's heartbeat stop while
// the disk is full, says why on stderr, and ends the process: a stopped server can be restarted once space is freed, and
// loses nothing (each import batch commits whole), which a spinning one cannot.

/** How long the server's thread may be silent on a full disk before the watchdog ends the process. */
export const STALL_LIMIT_MS = 30_000;
/** "Full": less than a WAL segment (16 MB) free, so Postgres cannot go on. */
export const FULL_BELOW_BYTES = 16 * 1024 * 1024;

// Plain JavaScript evaluated in the worker: nothing to bundle or compile.
const WATCHDOG = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { beat, dir, stallMs, fullBelow, checkMs } = workerData;
setInterval(() => {
  const silentMs = Date.now() - Number(Atomics.load(beat, 0)) * 1000;
  if (silentMs < stallMs) return;
  let free;
  try { const s = fs.statfsSync(dir); free = s.bavail * s.bsize; } catch { return; }
  if (free >= fullBelow) return;
  fs.writeSync(2, "[lineup] ERROR the disk holding DATA_DIR is full (" + Math.floor(free / 1048576) + " MB free, at " + dir + ") and the embedded database " +
    "has stopped answering for " + Math.round(silentMs / 1000) + " s; Lineup stops now. Free some space there and start it again: imports resume where they stopped.\\n");
  process.kill(process.pid, "SIGKILL");
}, checkMs);
`;

/**
 * Starts the watchdog for a PGlite data directory; it holds no event loop open. `beat` holds the seconds since the
 * epoch of the database's last idle moment: the embedded database's thread ticks it (lib/db/pglite-thread.ts).
 */
export function startFullDiskWatchdog(
  dir: string,
  beat: Int32Array,
  { stallMs = STALL_LIMIT_MS, checkMs = 2000 } = {},
): () => void {
  const worker = new Worker(WATCHDOG, {
    eval: true,
    workerData: { beat, dir, stallMs, fullBelow: FULL_BELOW_BYTES, checkMs },
  });
  worker.unref();
  return () => void worker.terminate();
}
