import "server-only";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors";
import { formatBytes } from "../format";
import { diskFullError, DISK_RESERVE_BYTES, ensureFreeSpace, freeBytes, isDiskFull } from "../system/disk";

// An uploaded CSV, streamed to disk under DATA_DIR/uploads, checked as it arrives: size limit and UTF-8.
// Uploads are stored by content: the id is the start of the file's SHA-256, so the same bytes uploaded again
// take no more disk. A refused upload leaves nothing behind (no partial file, no sidecar).
// An upload is whole or refused: a body shorter or longer than its Content-Length is refused, and so is one
// that would leave the disk holding DATA_DIR with less than DISK_RESERVE_BYTES free (the embedded database
// cannot survive a full disk: lib/system/disk.ts).

export type Upload = { id: string; fileName: string; bytes: number; sha256: string; path: string; reused?: boolean };

const uploadsDir = (dataDir: string) => path.join(dataDir, "uploads");

export function uploadPath(dataDir: string, id: string): string {
  if (!/^[a-f0-9]{16}$/.test(id))
    throw new AppError("bad_request", `"${id}" is not an upload id. Upload the file again.`);
  return path.join(uploadsDir(dataDir), `${id}.csv`);
}

export function readUpload(dataDir: string, id: string): Upload {
  const file = uploadPath(dataDir, id);
  const meta = `${file}.json`;
  if (!fs.existsSync(file) || !fs.existsSync(meta)) {
    throw new AppError("not_found", `The upload ${id} is not on this server. Upload the file again.`);
  }
  return { ...(JSON.parse(fs.readFileSync(meta, "utf8")) as Omit<Upload, "path">), path: file };
}

function tooLarge(limitBytes: number): AppError {
  return new AppError(
    "too_large",
    `The file is larger than the upload limit of ${formatBytes(limitBytes)}. Split it, or raise LINEUP_UPLOAD_LIMIT_MB and restart.`,
    { details: { limitBytes } },
  );
}

export async function saveUpload(
  dataDir: string,
  body: AsyncIterable<Uint8Array>,
  fileName: string,
  limitBytes: number,
  declaredBytes?: number,
): Promise<Upload> {
  if (declaredBytes !== undefined && declaredBytes > limitBytes) throw tooLarge(limitBytes);
  if (declaredBytes !== undefined) ensureFreeSpace(dataDir, declaredBytes, "this upload");
  fs.mkdirSync(uploadsDir(dataDir), { recursive: true });
  const file = path.join(uploadsDir(dataDir), `.incoming-${randomBytes(8).toString("hex")}.part`);
  const out = fs.createWriteStream(file);
  // A write error (ENOSPC) arrives as an event, and then "drain" never comes: wait for either.
  const writeFailed = new Promise<never>((_, reject) => out.once("error", reject));
  writeFailed.catch(() => {});
  let checkedAt = 0;
  const hash = createHash("sha256");
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += chunk.length;
      if (bytes > limitBytes) throw tooLarge(limitBytes);
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        throw new AppError(
          "bad_request",
          `The file is not UTF-8 text (an invalid byte sequence near byte ${bytes - chunk.length}). Save it as "CSV UTF-8" and upload again.`,
        );
      }
      hash.update(chunk);
      // Without a Content-Length the size is learnt as it comes: look at the free space every 8 MB.
      if (bytes - checkedAt >= 8 * 1024 * 1024) {
        checkedAt = bytes;
        if (freeBytes(dataDir) < DISK_RESERVE_BYTES) throw diskFullError(dataDir);
      }
      if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once("drain", () => r())), writeFailed]);
    }
    try {
      utf8.decode();
    } catch {
      throw new AppError(
        "bad_request",
        'The file is not UTF-8 text (it ends inside a multi-byte character). Save it as "CSV UTF-8" and upload again.',
      );
    }
    if (bytes === 0)
      throw new AppError("bad_request", "The file is empty. Choose a CSV with a header row and at least one data row.");
    if (declaredBytes !== undefined && bytes !== declaredBytes) {
      throw new AppError(
        "bad_request",
        `The upload arrived incomplete: ${bytes} of the ${declaredBytes} bytes announced (Content-Length). Nothing was stored; upload the file again.`,
        { details: { receivedBytes: bytes, declaredBytes } },
      );
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    // The stream opens its file asynchronously: wait until it is closed, or the removal can come first.
    if (!out.closed) {
      await new Promise<void>((resolve) => {
        out.once("close", () => resolve());
        out.destroy();
      });
    }
    fs.rmSync(file, { force: true });
    throw isDiskFull(err) ? diskFullError(dataDir, err) : err;
  }
  const sha256 = hash.digest("hex");
  const id = sha256.slice(0, 16);
  const stored = uploadPath(dataDir, id);
  const upload = { id, fileName: path.basename(fileName) || "upload.csv", bytes, sha256 };
  if (fs.existsSync(stored) && fs.existsSync(`${stored}.json`)) {
    fs.rmSync(file, { force: true }); // the same bytes are already here
    return { ...readUpload(dataDir, id), fileName: upload.fileName, reused: true };
  }
  fs.renameSync(file, stored);
  try {
    fs.writeFileSync(`${stored}.json`, JSON.stringify(upload));
  } catch (err) {
    fs.rmSync(stored, { force: true });
    fs.rmSync(`${stored}.json`, { force: true });
    throw isDiskFull(err) ? diskFullError(dataDir, err) : err;
  }
  return { ...upload, path: stored };
}

/** Removes an upload that was refused after it was stored (say, a CSV whose header cannot be read). */
export function discardUpload(dataDir: string, id: string): void {
  const file = uploadPath(dataDir, id);
  fs.rmSync(`${file}.json`, { force: true });
  fs.rmSync(file, { force: true });
}
