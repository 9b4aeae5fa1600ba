import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { FoundModel } from "./types";
import { walkGguf } from "./walk";

// The Hugging Face hub cache: `models--org--repo/snapshots/<revision>/<file>`, each file a symbolic link into
// the repo's `blobs/`. The revision `refs/main` names is listed as `hf:org/repo/<file>`; other revisions kept
// in the cache as `hf:org/repo@<revision>/<file>`, so two revisions of one file never share an id.

const REPO_DIR = /^models--(.+)$/;
const REVISION = /^[0-9a-f]{40}$/;

function mainRevision(repoDir: string): string | null {
  try {
    const text = fs.readFileSync(path.join(repoDir, "refs", "main"), "utf8").trim();
    return REVISION.test(text) ? text : null;
  } catch {
    return null;
  }
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

export function fromHfCache(hub: string | null): FoundModel[] {
  if (!hub) return [];
  return list(hub).flatMap((entry) => {
    const match = REPO_DIR.exec(entry);
    if (!match) return [];
    const repo = match[1].split("--").join("/");
    const repoDir = path.join(hub, entry);
    const revisions = list(path.join(repoDir, "snapshots")).filter((r) => !r.startsWith("."));
    const main = mainRevision(repoDir) ?? (revisions.length === 1 ? revisions[0] : null);
    return revisions.flatMap((revision) => {
      const where = revision === main ? repo : `${repo}@${revision}`;
      return walkGguf(path.join(repoDir, "snapshots", revision), { maxDepth: 3, maxEntries: 5_000 }).map(
        ({ rel, full, ...file }) => ({
          id: `hf:${where}/${rel}`,
          source: "hf-cache" as const,
          name: `${where}/${rel}`,
          path: full,
          ...file,
        }),
      );
    });
  });
}
