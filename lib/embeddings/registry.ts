import { AppError } from "../errors";
import { listEmbedders } from "../models/inventory";
import { DEMO_EMBEDDER_ID } from "../models/demo/embedder-demo";
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

/** The demo embedder when present (it is what the sample data uses), else the first one installed. */
export function defaultEmbedderId(modelsDir: string): string {
  const installed = listEmbedders(modelsDir);
  if (installed.length === 0) {
    throw new AppError("unavailable", `No embedding model is installed in ${modelsDir}. Run \`npm run models:demo\`, or \`npm run models:pull -- Xenova/all-MiniLM-L6-v2\`.`);
  }
  return installed.find((e) => e.id === DEMO_EMBEDDER_ID)?.id ?? installed[0].id;
}
