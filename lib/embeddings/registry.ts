import type { Embedder } from "./embedder";
import { loadProcessEmbedder } from "./process-embedder";

// One loaded pipeline per embedding model per process, in its own process (kept on globalThis across dev reloads).
const holder = globalThis as typeof globalThis & { __lineupEmbedders?: Map<string, Promise<Embedder>> };
const cache = (holder.__lineupEmbedders ??= new Map());

export function getEmbedder(modelsDir: string, id: string): Promise<Embedder> {
  const key = `${modelsDir}::${id}`;
  let embedder = cache.get(key);
  if (!embedder) {
    embedder = loadProcessEmbedder(modelsDir, id);
    cache.set(key, embedder);
    embedder.catch(() => cache.delete(key));
  }
  return embedder;
}

