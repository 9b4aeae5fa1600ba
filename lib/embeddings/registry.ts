import "server-only";
import { env } from "../env";
import { processWide } from "../process-wide";
import { loadProcessEmbedder, type ProcessEmbedder } from "./process-embedder";

// One embedder per embedding model per server, each in its own process that comes and goes with the work.
// A model that fails to load is not remembered: the next request tries again.
const cache = processWide("embedders", () => new Map<string, Promise<ProcessEmbedder>>());

export function getEmbedder(modelsDir: string, id: string): Promise<ProcessEmbedder> {
  const key = `${modelsDir}::${id}`;
  let embedder = cache.get(key);
  if (!embedder) {
    embedder = loadProcessEmbedder(modelsDir, id, env().embedIdleSeconds * 1000);
    cache.set(key, embedder);
    embedder.catch(() => cache.delete(key));
  }
  return embedder;
}

/** The pids of embedding processes running now (for tests and the idle benchmark). */
export async function embedderPids(): Promise<number[]> {
  const all = await Promise.all(
    [...cache.values()].map((e) =>
      e.then(
        (x) => x.pid(),
        () => undefined,
      ),
    ),
  );
  return all.filter((p): p is number => p !== undefined);
}
