import "server-only";
import { getDb } from "../db";
import { env } from "../env";
import { parseIntParam } from "../query";
import { availableMemoryBytes } from "../system/memory";
import { estimateMemoryBytes, kvCacheBytes } from "./estimate";
import { LIST_WAIT_MS, listEmbedders, listModels, type ModelEntry } from "./inventory";
import { searchedFolders, type SearchedFolder } from "./sources/searched";

export type InventoryModel = ModelEntry & { estimateBytes?: number; kvCacheBytes?: number; fitsInMemory?: boolean };
export type Inventory = {
  modelsDir: string;
  /** Every folder searched for models (the models folder first), and whether it is there. */
  searched: SearchedFolder[];
  contextSize: number;
  availableMemoryBytes: number;
  models: InventoryModel[];
  embedders: ReturnType<typeof listEmbedders>;
};

export function parseContextSize(raw: string | null): number {
  return parseIntParam(raw, "contextSize", 128, 131072, 1024, "tokens");
}

/** The model inventory with memory estimates at `contextSize`, beside the memory free right now. */
export async function getInventory(contextSize: number): Promise<Inventory> {
  const { modelsDir, modelSources } = env();
  const free = availableMemoryBytes();
  const entries = await listModels(await getDb(), { modelsDir, modelSources }, { waitMs: LIST_WAIT_MS });
  return {
    modelsDir,
    searched: searchedFolders(modelsDir, modelSources),
    contextSize,
    availableMemoryBytes: free,
    models: entries.map((m) => {
      if (!m.valid) return m;
      const estimate = estimateMemoryBytes(m.facts, contextSize);
      return { ...m, estimateBytes: estimate, kvCacheBytes: kvCacheBytes(m.facts, contextSize), fitsInMemory: estimate < free };
    }),
    embedders: listEmbedders(modelsDir),
  };
}
