// Embedding process: runs transformers.js outside the server's main thread, so tokenising and embedding
// overlap with database writes and never stall requests. Started by process-embedder.ts.
import { loadEmbedder } from "./embedder";

type Request = { id: number; texts: string[] };
const [modelsDir, modelId] = process.argv.slice(2);
const send = (message: unknown) => process.send?.(message);

loadEmbedder(modelsDir, modelId).then(
  (embedder) => {
    send({ type: "loaded", dim: embedder.dim, metric: embedder.metric });
    process.on("message", async ({ id, texts }: Request) => {
      try {
        send({ type: "vectors", id, vectors: await embedder.embed(texts) });
      } catch (err) {
        send({ type: "error", id, message: (err as Error).message });
      }
    });
  },
  (err: Error & { code?: string }) => send({ type: "failed", message: err.message, code: err.code }),
);
process.on("disconnect", () => process.exit(0));
