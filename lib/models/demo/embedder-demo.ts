import fs from "node:fs";
import path from "node:path";
import onnxProto from "onnx-proto";
import { seededRandom } from "../../random";

const { onnx } = onnxProto;
import { frequentWords } from "./words";

// A tiny BERT-shaped embedding model for transformers.js: a WordPiece tokenizer and an ONNX graph that is a
// single Gather from an embedding table (token id -> vector) giving `last_hidden_state`. With mean pooling
// and normalisation, a text's vector is its bag of words, so cosine similarity reflects shared words.
// Frequent words get short vectors (like inverse document frequency), so "the" and "and" barely count.

export const DEMO_EMBEDDER_ID = "lineup-demo-embedder";
const DIM = 256;
const WORDS = 8000;
export const MAX_LENGTH = 256;

export type EmbedderConfig = { pooling: "mean" | "cls"; normalize: boolean; metric: "cosine" | "dot"; dim: number };
export const EMBEDDER_CONFIG_FILE = "lineup-embedder.json";

export function demoEmbedderVocabulary(): string[] {
  const special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
  const chars = [..."abcdefghijklmnopqrstuvwxyz0123456789"];
  const punctuation = [..."!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"];
  const words = frequentWords(WORDS).filter((w) => w.length > 1);
  return [...special, ...punctuation, ...chars, ...chars.map((c) => `##${c}`), ...words];
}

export function demoEmbeddingTable(vocab: string[]): Float32Array {
  const table = new Float32Array(vocab.length * DIM);
  const rand = seededRandom(`${DEMO_EMBEDDER_ID}/embeddings`);
  const wordStart = vocab.findIndex((t, i) => i > 5 && t.length > 1 && !t.startsWith("##"));
  for (let id = 0; id < vocab.length; id++) {
    if (vocab[id].startsWith("[")) continue; // special tokens add nothing to the pooled vector
    // Word rank r (0 = most frequent) -> weight rising from 0.05 to 1; pieces and punctuation count little.
    const rank = id - wordStart;
    const weight = rank >= 0 ? Math.min(1, 0.05 + Math.log10(1 + rank) / 3) : 0.15;
    let norm = 0;
    const row = table.subarray(id * DIM, (id + 1) * DIM);
    for (let d = 0; d < DIM; d++) {
      // Sum of uniforms: close enough to a Gaussian for random, nearly orthogonal directions.
      row[d] = rand() + rand() + rand() - 1.5;
      norm += row[d] * row[d];
    }
    const scale = weight / Math.sqrt(norm);
    for (let d = 0; d < DIM; d++) row[d] *= scale;
  }
  return table;
}

export function modelProto(vocabSize: number, table: Float32Array, dim: number): Uint8Array {
  const intInput = (name: string): import("onnx-proto").onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: "batch" }, { dimParam: "sequence" }] } } },
  });
  const model: import("onnx-proto").onnx.IModelProto = {
    irVersion: 7,
    producerName: "lineup",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "lineup-demo-embedder",
      input: [intInput("input_ids"), intInput("attention_mask"), intInput("token_type_ids")],
      output: [{
        name: "last_hidden_state",
        type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "batch" }, { dimParam: "sequence" }, { dimValue: dim }] } } },
      }],
      initializer: [{
        name: "embeddings",
        dims: [vocabSize, dim],
        dataType: onnx.TensorProto.DataType.FLOAT,
        rawData: new Uint8Array(table.buffer, table.byteOffset, table.byteLength),
      }],
      node: [{ name: "lookup", opType: "Gather", input: ["embeddings", "input_ids"], output: ["last_hidden_state"], attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

export function tokenizerJson(vocab: string[]) {
  const id = (t: string) => vocab.indexOf(t);
  const special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map((content) => ({
    id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  }));
  return {
    version: "1.0",
    truncation: { direction: "Right", max_length: MAX_LENGTH, strategy: "LongestFirst", stride: 0 },
    padding: null,
    added_tokens: special,
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } }, { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** Writes the model folder `<modelsDir>/lineup-demo-embedder`; byte-identical every time. */
export function writeDemoEmbedder(modelsDir: string): string {
  const dir = path.join(modelsDir, DEMO_EMBEDDER_ID);
  fs.mkdirSync(path.join(dir, "onnx"), { recursive: true });
  const vocab = demoEmbedderVocabulary();
  const json = (file: string, value: unknown) => fs.writeFileSync(path.join(dir, file), JSON.stringify(value, null, 1) + "\n");
  json("config.json", {
    model_type: "bert", architectures: ["BertModel"], hidden_size: DIM, vocab_size: vocab.length,
    max_position_embeddings: MAX_LENGTH, lineup_demo: true,
  });
  json("tokenizer.json", tokenizerJson(vocab));
  json("tokenizer_config.json", {
    tokenizer_class: "BertTokenizer", do_lower_case: true, model_max_length: MAX_LENGTH,
    cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", unk_token: "[UNK]", mask_token: "[MASK]",
  });
  const config: EmbedderConfig = { pooling: "mean", normalize: true, metric: "cosine", dim: DIM };
  json(EMBEDDER_CONFIG_FILE, config);
  fs.writeFileSync(path.join(dir, "onnx", "model.onnx"), modelProto(vocab.length, demoEmbeddingTable(vocab), DIM));
  return dir;
}
