import "server-only";
import fs from "node:fs";
import path from "node:path";

// The kept part of an interrupted download: `<dest>.part`, and beside it `<dest>.part.json` saying what it is
// part of. A part is resumed only when its sidecar names the same URL, size and SHA-256; otherwise it is a part
// of something else (a new revision of the file) and the download starts over.

export type PartSidecar = { url: string; sizeBytes: number; sha256: string; /** What was asked for, to offer a resume. */ name?: string };

export const partPath = (dest: string) => `${dest}.part`;
export const sidecarPath = (dest: string) => `${dest}.part.json`;

/** Bytes already downloaded that belong to this file (0 when there is no usable part; a stale one is removed). */
export function keptPartBytes(dest: string, want: PartSidecar): number {
  let sidecar: PartSidecar | null = null;
  try {
    sidecar = JSON.parse(fs.readFileSync(sidecarPath(dest), "utf8")) as PartSidecar;
  } catch {
    // no sidecar, or an unreadable one: the part cannot be trusted
  }
  const size = fs.existsSync(partPath(dest)) ? fs.statSync(partPath(dest)).size : 0;
  const same = sidecar && sidecar.url === want.url && sidecar.sizeBytes === want.sizeBytes && sidecar.sha256 === want.sha256;
  if (same && size <= want.sizeBytes) return size;
  discardPart(dest);
  return 0;
}

export function startPart(dest: string, sidecar: PartSidecar): void {
  fs.writeFileSync(sidecarPath(dest), JSON.stringify(sidecar));
  if (!fs.existsSync(partPath(dest))) fs.writeFileSync(partPath(dest), "");
}

export function discardPart(dest: string): void {
  fs.rmSync(partPath(dest), { force: true });
  fs.rmSync(sidecarPath(dest), { force: true });
}

export const lockPath = (dest: string) => `${dest}.part.lock`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes the part for this process: the server and a CLI pulling the same file at once would append to one part.
 * A lock left by a process that no longer exists (killed mid-pull) is taken over. Returns the release.
 */
export function lockPart(dest: string): { release: () => void } | { heldBy: number } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath(dest), String(process.pid), { flag: "wx" });
      return { release: () => fs.rmSync(lockPath(dest), { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(lockPath(dest), "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return { heldBy: pid };
      if (pid === process.pid) return { heldBy: pid };
      fs.rmSync(lockPath(dest), { force: true });
    }
  }
  return { heldBy: 0 };
}

export type KeptPart = { fileName: string; name: string; bytesDone: number; sizeBytes: number };

/** Parts left by interrupted pulls (a cancel, a stopped server, a killed CLI), each with the name to resume it by. */
export function listKeptParts(modelsDir: string): KeptPart[] {
  if (!fs.existsSync(modelsDir)) return [];
  const kept: KeptPart[] = [];
  for (const entry of fs.readdirSync(modelsDir).filter((f) => f.endsWith(".part.json")).sort()) {
    const dest = path.join(modelsDir, entry.slice(0, -".part.json".length));
    try {
      const sidecar = JSON.parse(fs.readFileSync(sidecarPath(dest), "utf8")) as PartSidecar;
      if (!sidecar.name || !fs.existsSync(partPath(dest))) continue;
      kept.push({ fileName: path.basename(dest), name: sidecar.name, bytesDone: fs.statSync(partPath(dest)).size, sizeBytes: sidecar.sizeBytes });
    } catch {
      // a sidecar being written or damaged: not offered
    }
  }
  return kept;
}
