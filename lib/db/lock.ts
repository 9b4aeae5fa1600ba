import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "../errors";
import { processWide } from "../process-wide";

// PGlite lets a second process open the same data directory and then silently loses its writes.
// A lock file holding the owner's PID makes the second server fail at once instead.

export type LockInfo = { pid: number; host: string; startedAt: string };

export const LOCK_FILE = "lineup.lock";

/** Directories this process holds, so a second open inside one process is refused too (process-wide: route bundles
 * each have their own copy of this module). */
const held = processWide("db.heldDataDirs", () => new Set<string>());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return undefined;
  }
}

function lockedError(dataDir: string, holder: LockInfo): AppError {
  return new AppError(
    "locked",
    `The data directory ${dataDir} is in use by another Lineup server (process ${holder.pid} on ${holder.host}, ` +
      `started ${holder.startedAt}). Stop that server, or set DATA_DIR to another directory.`,
    { details: { dataDir, pid: holder.pid, host: holder.host } },
  );
}

/** Fails fast, without taking the lock, when a live server holds the directory (checked before slow start-up work). */
export function assertDataDirFree(dataDir: string): void {
  const holder = readLock(path.join(dataDir, LOCK_FILE));
  if (holder && holder.pid !== process.pid && (holder.host !== os.hostname() || isAlive(holder.pid))) {
    throw lockedError(dataDir, holder);
  }
}

/** Takes the data directory's lock, or throws a `locked` AppError naming the process that holds it. */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      held.add(file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(file);
        if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(file);
      const sameHost = holder?.host === os.hostname();
      const ours = holder?.pid === process.pid && held.has(file);
      const otherLive = holder && holder.pid !== process.pid && (!sameHost || isAlive(holder.pid));
      if (holder && (ours || otherLive)) {
        throw lockedError(dataDir, holder);
      }
      // The holder is gone (crash, kill -9): the lock is stale, take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError("locked", `Could not take the lock on ${dataDir}; another server may be starting. Try again.`);
}
