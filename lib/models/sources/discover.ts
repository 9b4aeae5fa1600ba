import "server-only";
import type { ModelSourceDirs } from "../../env";
import { fromExtraDirs, fromLmStudio, fromModelsDir } from "./folders";
import { fromHfCache } from "./hf-cache";
import { fromOllama } from "./ollama";
import type { FoundModel } from "./types";

// Every model file Lineup can see, from every source, in order of preference: the models folder first, so a
// file also linked into it from another store keeps its models-folder name. Only reads: Lineup never writes
// into another tool's store (its header facts and hashes are cached in Lineup's own database).

/** The files of all sources; one reached twice (the same inode, through links or a shared blob) is listed once. */
export function discoverModels(modelsDir: string, sources: ModelSourceDirs): FoundModel[] {
  const all = [
    ...fromModelsDir(modelsDir),
    ...fromExtraDirs(sources.extra),
    ...fromOllama(sources.ollama),
    ...fromLmStudio(sources.lmStudio),
    ...fromHfCache(sources.hfHub),
  ];
  const ids = new Set<string>();
  const inodes = new Set<string>();
  return all.filter((f) => {
    if (ids.has(f.id)) return false; // two LM Studio roots with the same publisher/repo/file: the newer root wins
    ids.add(f.id);
    if (!("stat" in f)) return true;
    const inode = `${f.stat.dev}:${f.stat.ino}`;
    if (inodes.has(inode)) return false;
    inodes.add(inode);
    return true;
  });
}
