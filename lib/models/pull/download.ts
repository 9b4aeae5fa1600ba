import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { formatBytes } from "../../format";
import { AppError } from "../../errors";
import { log } from "../../log";
import { isDiskFull } from "../../system/disk";
import type { HubFile } from "./hub-file";
import { discardPart, keptPartBytes, lockPart, partPath, sidecarPath, startPart } from "./part-file";
import { networkReason, type RemoteFile } from "./probe";
import { RateMeter } from "./rate-meter";
import { ensureRoomForPull } from "./room";

// The resumable, verified download of one GGUF. Lineup writes its own downloader on fetch instead of using
// node-llama-cpp's `resolveModelFile`: that one splits the file into parallel ranges in its own temporary
// files, so a part cannot be resumed by a later process that knows nothing of them, and it checks no checksum.
// Here the bytes go to one `<dest>.part` (with a sidecar, part-file.ts), each (re)connection asks for the rest
// with Range and checks the 206 and its Content-Range (a server that ignores Range gets a clean restart), and
// the whole file is checked against the hub's SHA-256 before it is renamed into place.

export type DownloadPhase = "downloading" | "verifying";
export type DownloadProgress = {
  phase: DownloadPhase;
  bytesDone: number;
  bytesTotal: number;
  bytesFetched: number;
  resumedFrom: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
};

export type DownloadOptions = {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** A connection that delivers nothing for this long is dropped and resumed. */
  stallMs?: number;
  /** Reconnections in a row without a byte gained before the pull fails. */
  maxRetries?: number;
};

const PROGRESS_EVERY_MS = 250;

class Restart extends Error {}

/** Downloads `file` to `dest`, resuming a kept part, and verifies it; returns the progress at the end. */
export async function downloadVerified(file: HubFile, remote: RemoteFile, dest: string, options: DownloadOptions = {}): Promise<DownloadProgress> {
  const lock = lockPart(dest);
  if ("heldBy" in lock) {
    throw new AppError(
      "conflict",
      `${file.fileName} is already being pulled by another process (pid ${lock.heldBy}). Wait for that pull to end, or stop it, then pull again to resume its part.`,
    );
  }
  try {
    return await transfer(file, remote, dest, options);
  } finally {
    lock.release();
  }
}

async function transfer(file: HubFile, remote: RemoteFile, dest: string, options: DownloadOptions): Promise<DownloadProgress> {
  const { signal, onProgress, stallMs = 30_000, maxRetries = 5 } = options;
  const sidecar = { url: file.url, sizeBytes: remote.sizeBytes, sha256: remote.sha256, name: file.name };
  let done = keptPartBytes(dest, sidecar);
  const meter = new RateMeter();
  const progress: DownloadProgress = { phase: "downloading", bytesDone: done, bytesTotal: remote.sizeBytes, bytesFetched: 0, resumedFrom: done, bytesPerSecond: null, secondsLeft: null };
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    meter.add(progress.bytesFetched);
    progress.bytesDone = done;
    progress.bytesPerSecond = meter.bytesPerSecond();
    progress.secondsLeft = meter.secondsLeft(remote.sizeBytes - done);
    onProgress?.({ ...progress });
  };
  ensureRoomForPull(path.dirname(dest), file.fileName, remote.sizeBytes - done);
  startPart(dest, sidecar);
  report(true);

  let failures = 0;
  let restarts = 0;
  while (done < remote.sizeBytes) {
    signal?.throwIfAborted();
    const before = done;
    try {
      done = await fetchRest(file, remote, dest, done, {
        signal,
        stallMs,
        onBytes: (n) => {
          done += n;
          progress.bytesFetched += n;
          report();
        },
        onRestart: () => (done = 0),
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      if (err instanceof Restart) {
        if (++restarts > maxRetries) throw new AppError("unavailable", `The hub keeps answering other byte ranges than asked while pulling ${file.fileName} (${err.message}). Try again later.`);
        log.warn(`[pull] ${file.fileName}: ${err.message}; starting over`);
        fs.truncateSync(partPath(dest), 0);
        done = 0;
        continue;
      }
      if (err instanceof AppError) throw err;
      if (isDiskFull(err)) {
        throw new AppError(
          "insufficient_storage",
          `The disk holding the models folder filled up while pulling ${file.fileName}. Free some space there, then pull again: the ${formatBytes(done)} downloaded are kept.`,
          { cause: err },
        );
      }
      failures = done > before ? 1 : failures + 1;
      if (failures > maxRetries) {
        throw new AppError(
          "unavailable",
          `The connection to the hub kept dropping while pulling ${file.fileName} (${networkReason(err)}), ${maxRetries} times in a row. ` +
            `The ${formatBytes(done)} downloaded are kept: pull it again to resume.`,
          { cause: err },
        );
      }
      log.warn(`[pull] ${file.fileName}: connection dropped at ${done} of ${remote.sizeBytes} bytes (${networkReason(err)}); resuming`);
      await sleep(Math.min(5000, 200 * 2 ** failures), undefined, { signal }).catch(() => {});
    }
  }
  report(true);
  progress.phase = "verifying";
  onProgress?.({ ...progress, bytesPerSecond: null, secondsLeft: null });
  const actual = await sha256Of(partPath(dest), signal);
  if (actual !== remote.sha256) {
    discardPart(dest);
    throw new AppError(
      "unprocessable",
      `The downloaded ${file.fileName} does not match the SHA-256 the hub advertises (expected ${remote.sha256}, got ${actual}): ` +
        `it was damaged on the way, and has been deleted. Pull it again; if this happens again, the hub or mirror in LINEUP_HUB_URL serves a damaged file.`,
    );
  }
  fs.renameSync(partPath(dest), dest);
  fs.rmSync(sidecarPath(dest), { force: true });
  return { ...progress, bytesDone: done, bytesPerSecond: null, secondsLeft: 0 };
}

type FetchRestOptions = { signal?: AbortSignal; stallMs: number; onBytes: (n: number) => void; onRestart: () => void };

/** One connection: asks for the bytes from `from` on, appends what arrives, returns the new length. */
async function fetchRest(file: HubFile, remote: RemoteFile, dest: string, from: number, { signal, stallMs, onBytes, onRestart }: FetchRestOptions): Promise<number> {
  const res = await fetch(file.url, { headers: from > 0 ? { Range: `bytes=${from}-` } : {}, signal, redirect: "follow" });
  if (from > 0 && res.status === 416) throw new Restart(`the hub refused the range from byte ${from}`);
  if (res.status >= 400 || !res.body) throw new AppError("unavailable", `The hub answered ${res.status} while pulling ${file.fileName}. Try again later; the part downloaded is kept.`);
  if (from > 0 && res.status === 200) {
    // The whole file came instead of the rest: a clean restart with this very answer.
    log.warn(`[pull] ${file.fileName}: the hub ignored the Range request; starting over from byte 0`);
    onRestart();
    from = 0;
  }
  if (res.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
    if (!range || Number(range[1]) !== from || (range[3] !== "*" && Number(range[3]) !== remote.sizeBytes)) {
      await res.body.cancel();
      throw new Restart(`the hub answered a different range (${res.headers.get("content-range")}) than asked (from ${from})`);
    }
  }
  const out = await fs.promises.open(partPath(dest), from > 0 ? "a" : "w");
  const reader = res.body.getReader();
  // Abort and stall both cancel the reader itself: undici may stop delivering an abort to a body (STACK.md).
  let stall: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      stalled = true;
      void reader.cancel().catch(() => {});
    }, stallMs);
  };
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  let at = from;
  try {
    arm();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = remote.sizeBytes - at;
      const chunk = value.length > room ? value.subarray(0, room) : value;
      await out.write(chunk);
      at += chunk.length;
      onBytes(chunk.length);
      arm();
      if (at >= remote.sizeBytes) break;
    }
  } finally {
    clearTimeout(stall);
    signal?.removeEventListener("abort", onAbort);
    await out.close();
    await reader.cancel().catch(() => {});
  }
  if (signal?.aborted) throw signal.reason;
  if (at < remote.sizeBytes) {
    const code = stalled ? `no data for ${stallMs / 1000} s` : "ECONNRESET";
    throw Object.assign(new Error(`the connection ended at byte ${at}`), { cause: { code } });
  }
  return at;
}

async function sha256Of(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024, signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
