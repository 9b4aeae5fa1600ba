import "server-only";
import fs from "node:fs";
import path from "node:path";
import { log } from "../../log";

// A bounded walk for .gguf files. Folders are followed through symbolic links too (people link their model
// drives in), after the real ones, so the walk guards itself: a depth limit, each real folder visited once (a link loop or two links
// to one folder end there), and a cap on the entries read, so a link to / or a huge tree cannot stall a listing.

export type WalkLimits = { maxDepth: number; maxEntries: number };
export const DEFAULT_WALK: WalkLimits = { maxDepth: 6, maxEntries: 20_000 };

export type WalkedFile = { rel: string; full: string } & ({ stat: fs.Stats } | { problem: string });

/** Why a .gguf path cannot be read as a file (a device, a broken or looping link), or its stat. */
export function statModelFile(full: string): { stat: fs.Stats } | { problem: string } {
  try {
    const stat = fs.statSync(full); // follows symlinks: a link to a model is fine
    if (stat.isFile()) return { stat };
    return {
      problem:
        "It is not a regular file (a link to a device, pipe or socket), so Lineup does not read it. Put the model file itself in the folder.",
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === "ELOOP" ? "a symbolic link that loops" : code === "ENOENT" ? "a broken symbolic link" : code;
    return { problem: `It cannot be opened (${what}). Replace it with the model file.` };
  }
}

/** Every .gguf under `root` (hidden entries skipped), paths relative to it with "/" separators, sorted. */
export function walkGguf(root: string, limits: WalkLimits = DEFAULT_WALK): WalkedFile[] {
  const found: WalkedFile[] = [];
  const seenDirs = new Set<string>();
  let entries = 0;
  let cut = false;
  const visit = (rel: string, depth: number) => {
    const dir = path.join(root, rel);
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return; // unreadable folder: nothing of it is listed
    }
    for (const name of names) {
      if (++entries > limits.maxEntries) {
        cut = true;
        return;
      }
      if (name.startsWith(".")) continue;
      const childRel = rel ? `${rel}/${name}` : name;
      const full = path.join(root, childRel);
      if (name.toLowerCase().endsWith(".gguf")) {
        if (!isDirectory(full)) found.push({ rel: childRel, full, ...statModelFile(full) });
        continue;
      }
      if (depth < limits.maxDepth && isDirectory(full)) {
        if (isLink(full)) linked.push([childRel, depth + 1]);
        else visit(childRel, depth + 1);
      }
    }
  };
  // Real folders first, linked ones after: a folder reached both ways keeps the name of its real place.
  const linked: [string, number][] = [];
  if (isDirectory(root)) visit("", 1);
  for (let next = linked.shift(); next; next = linked.shift()) visit(...next);
  if (cut) log.warn(`${root}: stopped after ${limits.maxEntries} entries; models deeper in are not listed`);
  return found;
}

function isLink(full: string): boolean {
  try {
    return fs.lstatSync(full).isSymbolicLink();
  } catch {
    return false;
  }
}

/** statModelFile says a directory is not a file; a walk needs to know it is one (following links). */
function isDirectory(full: string): boolean {
  try {
    return fs.statSync(full).isDirectory();
  } catch {
    return false;
  }
}
