import "server-only";
import { getDb } from "../db";
import { env } from "../env";
import { parseIntParam } from "../query";
import { availableMemoryBytes } from "../system/memory";
import { estimateMemoryBytes, kvCacheBytes, splitEstimate, type SplitEstimate } from "./estimate";
import { gpuFound } from "./gpu-probe";
import type { GpuFound } from "./worker/protocol";
import { LIST_WAIT_MS, listEmbedders, listModels, type ModelEntry } from "./inventory";
import { searchedFolders, type SearchedFolder } from "./sources/searched";

export type InventoryModel = ModelEntry & {
  estimateBytes?: number;
  kvCacheBytes?: number;
  fitsInMemory?: boolean;
  /** The estimate split between RAM and VRAM, where a GPU was found and runs use it (LINEUP_GPU=auto). */
  split?: SplitEstimate;
};
export type Inventory = {
  modelsDir: string;
  /** Every folder searched for models (the models folder first), and whether it is there. */
  searched: SearchedFolder[];
  contextSize: number;
  availableMemoryBytes: number;
  /** The runs' default (LINEUP_GPU), and what node-llama-cpp finds under "auto" (undefined while it is checked). */
  gpu: { choice: "auto" | "cpu"; found: GpuFound | undefined };
  models: InventoryModel[];
  embedders: ReturnType<typeof listEmbedders>;
};

export function parseContextSize(raw: string | null): number {
  return parseIntParam(raw, "contextSize", 128, 131072, 1024, "tokens");
}

/** The model inventory with memory estimates at `contextSize`, beside the memory free right now. */
export async function getInventory(contextSize: number): Promise<Inventory> {
  const { modelsDir, modelSources, gpu: choice } = env();
  const free = availableMemoryBytes();
  const [entries, found] = await Promise.all([
    listModels(await getDb(), { modelsDir, modelSources }, { waitMs: LIST_WAIT_MS }),
    choice === "auto" ? gpuFound(LIST_WAIT_MS) : Promise.resolve(undefined),
  ]);
  const vramFree = choice === "auto" && found && found.backend !== "cpu" ? found.vramFreeBytes : null;
  return {
    modelsDir,
    searched: searchedFolders(modelsDir, modelSources),
    contextSize,
    availableMemoryBytes: free,
    gpu: { choice, found },
    models: entries.map((m) => {
      if (!m.valid) return m;
      const estimate = estimateMemoryBytes(m.facts, contextSize);
      const split = vramFree === null ? undefined : splitEstimate(m.facts, contextSize, vramFree);
      const ram = split?.ramBytes ?? estimate;
      return { ...m, estimateBytes: estimate, kvCacheBytes: kvCacheBytes(m.facts, contextSize), fitsInMemory: ram < free, split };
    }),
    embedders: listEmbedders(modelsDir),
  };
}
