import "server-only";
import { getDb } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { availableMemoryBytes } from "../system/memory";
import { estimateMemoryBytes, kvCacheBytes } from "./estimate";
import { listEmbedders, listModels, type ModelEntry } from "./inventory";

export type InventoryModel = ModelEntry & { estimateBytes?: number; kvCacheBytes?: number; fitsInMemory?: boolean };
export type Inventory = {
  modelsDir: string;
  contextSize: number;
  availableMemoryBytes: number;
  models: InventoryModel[];
  embedders: ReturnType<typeof listEmbedders>;
};

export function parseContextSize(raw: string | null): number {
  if (raw === null || raw === "") return 1024;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 128 || n > 131072) {
    throw new AppError("bad_request", `contextSize must be a whole number of tokens from 128 to 131072; got "${raw}".`);
  }
  return n;
}

/** The model inventory with memory estimates at `contextSize`, beside the memory free right now. */
export async function getInventory(contextSize: number): Promise<Inventory> {
  const { modelsDir } = env();
  const free = availableMemoryBytes();
  const entries = await listModels(await getDb(), modelsDir);
  return {
    modelsDir,
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
