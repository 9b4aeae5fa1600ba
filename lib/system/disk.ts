import "server-only";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

// Free space on the disk that holds DATA_DIR (uploads and the embedded database). PGlite cannot survive a full
// disk: when Postgres inside it fails to write its WAL, the WASM engine loops in XLogFlush on the server's only
// thread (measured: 100% CPU, no request served, SIGTERM never handled). So every write that can grow the
// database is checked here first, and refused while there is still room to refuse cleanly.

const MB = 1024 * 1024;

/**
 * Space kept free under everything Lineup writes: Postgres makes its WAL in 16 MB segments, and a checkpoint,
 * the catalog and the import's own progress updates need some more. Below this, writes are refused.
 */
export const DISK_RESERVE_BYTES = 48 * MB;

/** Bytes this user may still write on the filesystem holding `dir` (or its nearest existing parent). */
export function freeBytes(dir: string): number {
  let at = path.resolve(dir);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  const stats = fs.statfsSync(at);
  return stats.bavail * stats.bsize;
}

export const mbText = (bytes: number) => `${Math.max(0, Math.floor(bytes / MB))} MB`;

/**
 * The one wording of a full disk, for an import that stopped and for an upload that could not be stored.
 * `dir` is the directory on the full disk, or null when it is a PostgreSQL server's disk (DATABASE_URL).
 */
export function diskFullError(dir: string | null, cause?: unknown): AppError {
  if (dir === null) {
    return new AppError(
      "insufficient_storage",
      "The database server's disk is full (Postgres could not write). Free some space on the database server, then resume.",
      { cause },
    );
  }
  let free = "unknown";
  try {
    free = mbText(freeBytes(dir));
  } catch {
    // the message still says what is wrong
  }
  return new AppError(
    "insufficient_storage",
    `The disk holding DATA_DIR is full (${free} free, at ${dir}). Free some space there (or move DATA_DIR to a larger disk), then resume.`,
    { cause },
  );
}

/**
 * Refuses work that needs about `neededBytes` more on the disk holding `dir`, keeping DISK_RESERVE_BYTES free.
 * `what` names the work for the message ("the import", "building the search index").
 */
export function ensureFreeSpace(dir: string, neededBytes: number, what: string): void {
  const free = freeBytes(dir);
  if (free >= neededBytes + DISK_RESERVE_BYTES) return;
  throw new AppError(
    "insufficient_storage",
    `Not enough free space for ${what}: the disk holding DATA_DIR (${dir}) has ${mbText(free)} free, and ${what} needs about ` +
      `${mbText(Math.max(neededBytes, MB))} plus ${mbText(DISK_RESERVE_BYTES)} kept free. Free some space there (or move DATA_DIR to a larger disk), then resume.`,
    { details: { freeBytes: free, neededBytes, reserveBytes: DISK_RESERVE_BYTES } },
  );
}

/** An error from the file system or a database that means "the disk is full". */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "ENOSPC" || code === "53100" || code === "EDQUOT") return true;
    if (
      typeof message === "string" &&
      /No space left on device|could not extend file|disk quota exceeded/i.test(message)
    )
      return true;
  }
  return false;
}
