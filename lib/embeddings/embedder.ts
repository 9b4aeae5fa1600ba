import "server-only";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors";
import { EMBEDDER_CONFIG_FILE, type EmbedderConfig } from "../models/demo/embedder-demo";

// The one module that knows transformers.js: switching to @huggingface/transformers is a change here only.

export type Embedder = {
  id: string;
  dim: number;
  metric: "cosine" | "dot";
  /** One vector per text, in order. */
  embed: (texts: string[]) => Promise<number[][]>;
};

/** Models we know how to pool, for folders pulled from the hub that carry no lineup-embedder.json. */
const KNOWN: Record<string, Omit<EmbedderConfig, "dim">> = {
  "multi-qa-mpnet-base-dot-v1": { pooling: "cls", normalize: false, metric: "dot" },
  "all-MiniLM-L6-v2": { pooling: "mean", normalize: true, metric: "cosine" },
};

function readConfig(modelsDir: string, id: string): Omit<EmbedderConfig, "dim"> & { dim?: number } {
  const dir = path.join(modelsDir, id);
  if (!fs.existsSync(dir)) {
    throw new AppError(
      "not_found",
      `The embedding model "${id}" is not in ${modelsDir}. Run \`npm run demo\` for the demo embedder, or \`npm run models:pull -- ${id}\` on a machine with internet.`,
    );
  }
  const file = path.join(dir, EMBEDDER_CONFIG_FILE);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as EmbedderConfig;
  const known = KNOWN[path.basename(id)];
  if (known) return known;
  return { pooling: "mean", normalize: true, metric: "cosine" };
}

export async function loadEmbedder(modelsDir: string, id: string): Promise<Embedder> {
  const config = readConfig(modelsDir, id);
  const { pipeline, env } = await import("@xenova/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir.endsWith(path.sep) ? modelsDir : modelsDir + path.sep;
  const quantized = fs.existsSync(path.join(modelsDir, id, "onnx", "model_quantized.onnx"));
  let extractor;
  try {
    extractor = await pipeline("feature-extraction", id, { quantized });
  } catch (err) {
    throw new AppError("unavailable", `The embedding model "${id}" could not be loaded: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const embed = async (texts: string[]) => {
    if (texts.length === 0) return [];
    const output = await extractor(texts, { pooling: config.pooling, normalize: config.normalize });
    return output.tolist() as number[][];
  };
  const [probe] = await embed(["dimension probe"]);
  return { id, dim: probe.length, metric: config.metric, embed };
}
