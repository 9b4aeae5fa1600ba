import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { EMBEDDER_CONFIG_FILE, MAX_LENGTH, modelProto, tokenizerJson, type EmbedderConfig } from "../demo/embedder-demo";

// The trained review embedder (training/train_embedder.py) as a transformers.js model folder: the demo
// embedder's graph and tokenizer, with the trained token table. Shipped as int8 rows with one f32 scale each;
// expanded here the same way every time, so the folder is byte-identical across writes.

/**
 * A new id for each retrained table: a dataset records its embedder by id, and its stored vectors only match
 * questions embedded by the same table. The first table ("lineup-review-embedder") stays where it was written, so
 * datasets imported with it keep working; new imports use this one (issue 26: it knows praise from complaint).
 */
export const TRAINED_EMBEDDER_ID = "lineup-review-embedder-2";

type EmbedderManifest = { id: string; dim: number; vocab_size: number; vocab: string; bin: string; bytes: number; sha256: string };

export function writeTrainedEmbedder(weightsDir: string, modelsDir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(weightsDir, "embedder.json"), "utf8")) as EmbedderManifest;
  const vocab = JSON.parse(fs.readFileSync(path.join(weightsDir, manifest.vocab), "utf8")) as string[];
  const raw = fs.readFileSync(path.join(weightsDir, manifest.bin));
  if (crypto.createHash("sha256").update(raw).digest("hex") !== manifest.sha256) throw new Error(`${manifest.bin} does not match embedder.json: re-export it`);
  const { dim } = manifest;
  const n = vocab.length;
  const scales = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + n * 4));
  const values = new Int8Array(raw.buffer, raw.byteOffset + n * 4, n * dim);
  const table = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) table[r * dim + d] = values[r * dim + d] * scales[r];

  const dir = path.join(modelsDir, TRAINED_EMBEDDER_ID);
  fs.mkdirSync(path.join(dir, "onnx"), { recursive: true });
  const json = (file: string, value: unknown) => fs.writeFileSync(path.join(dir, file), JSON.stringify(value, null, 1) + "\n");
  json("config.json", {
    model_type: "bert", architectures: ["BertModel"], hidden_size: dim, vocab_size: n,
    max_position_embeddings: MAX_LENGTH, lineup_demo: true, lineup_trained: true,
  });
  json("tokenizer.json", tokenizerJson(vocab));
  json("tokenizer_config.json", {
    tokenizer_class: "BertTokenizer", do_lower_case: true, model_max_length: MAX_LENGTH,
    cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", unk_token: "[UNK]", mask_token: "[MASK]",
  });
  const config: EmbedderConfig = { pooling: "mean", normalize: true, metric: "cosine", dim };
  json(EMBEDDER_CONFIG_FILE, config);
  fs.writeFileSync(path.join(dir, "onnx", "model.onnx"), modelProto(n, table, dim));
  return dir;
}
