import "server-only";
import fs from "node:fs";
import type { ModelSourceDirs } from "../../env";
import type { ModelSource } from "./types";

export type SearchedFolder = { source: ModelSource; dir: string; present: boolean };

/** The folders a listing searches, in order of preference, and whether each is there: shown on /models. */
export function searchedFolders(modelsDir: string, sources: ModelSourceDirs): SearchedFolder[] {
  const folders: [ModelSource, string | null][] = [
    ["models-dir", modelsDir],
    ...sources.extra.map((dir): [ModelSource, string] => ["extra", dir]),
    ["ollama", sources.ollama],
    ...sources.lmStudio.map((dir): [ModelSource, string] => ["lm-studio", dir]),
    ["hf-cache", sources.hfHub],
  ];
  return folders
    .filter((f): f is [ModelSource, string] => f[1] !== null)
    .map(([source, dir]) => ({ source, dir, present: fs.existsSync(dir) }));
}
