// Embedding process: runs transformers.js outside the server's main thread, so tokenising and embedding
// overlap with database writes and never stall requests. Started on demand by process-embedder.ts, which
// stops it again when it has been idle for a while.
import "server-only";
import { serveRequests } from "../process/child-server";
import { loadEmbedder, type Embedder } from "./embedder";
import type { EmbedProtocol } from "./protocol";

let embedder: Embedder | undefined;

serveRequests<EmbedProtocol>({
  load: async ({ modelsDir, modelId }) => {
    embedder = await loadEmbedder(modelsDir, modelId);
    return { dim: embedder.dim, metric: embedder.metric };
  },
  embed: async ({ texts }) => {
    if (!embedder) throw new Error("No embedding model is loaded in this process.");
    return embedder.embed(texts);
  },
});
