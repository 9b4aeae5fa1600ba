import "server-only";
import path from "node:path";
import type { FoundModel } from "./types";
import { walkGguf } from "./walk";

// Plain folders of .gguf files: the models folder, LINEUP_MODEL_DIRS and LM Studio's models folders.

/**
 * MODELS_DIR, recursively. A file directly in it keeps its bare file name as id (runs stored before sources
 * existed, and the e2e tests, name models so); one in a subfolder is `sub/dir/file.gguf`.
 */
export function fromModelsDir(dir: string): FoundModel[] {
  return walkGguf(dir).map(({ rel, full, ...file }) => {
    const place = { id: rel, source: "models-dir" as const, name: rel, path: full };
    // `remote:x/y.gguf` would read as a remote endpoint's model, `ollama:…` as another store's: never a file's id.
    if (RESERVED.test(rel))
      return { ...place, problem: `Its name starts with "${rel.split(":")[0]}:", which Lineup keeps for other model sources. Rename it.` };
    return { ...place, ...file };
  });
}

const RESERVED = /^(remote|ollama|lm-studio|hf|extra):/;

/**
 * The folders of LINEUP_MODEL_DIRS, each as `extra:<folder name>/<file>`; a second folder of the same name is
 * `<folder name>-2`, so every id stays unambiguous.
 */
export function fromExtraDirs(dirs: string[]): FoundModel[] {
  const labels = new Map<string, number>();
  return dirs.flatMap((dir) => {
    const base = path.basename(dir) || "root";
    const n = (labels.get(base) ?? 0) + 1;
    labels.set(base, n);
    const label = n === 1 ? base : `${base}-${n}`;
    return walkGguf(dir).map(({ rel, full, ...file }) => ({
      id: `extra:${label}/${rel}`,
      source: "extra" as const,
      name: `${label}/${rel}`,
      path: full,
      ...file,
    }));
  });
}

/** LM Studio: `<models>/<publisher>/<repo>/<file>.gguf`, listed as `publisher/repo/file.gguf`. */
export function fromLmStudio(roots: string[]): FoundModel[] {
  return roots.flatMap((root) =>
    walkGguf(root, { maxDepth: 4, maxEntries: 20_000 }).map(({ rel, full, ...file }) => ({
      id: `lm-studio:${rel}`,
      source: "lm-studio" as const,
      name: rel,
      path: full,
      ...file,
    })),
  );
}
