import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TensorSpec } from "../gguf/writer";
import { llamaTensorLayout, TRAINED_MARKER_KEY, writeLlamaGguf, type LlamaShape } from "./gguf";
import type { CorpusVocab } from "./vocab";

// Shipped trained weights (training/weights/<id>.json + .bin, written by training/export_weights.py) to GGUF.
// The .bin already holds each tensor as GGUF stores it, so the writer copies bytes: the same inputs give a
// byte-identical file every time, and no Python is needed at demo time.

export type ShippedSpec = {
  id: string;
  name: string;
  kind: "dense" | "gqa" | "moe";
  mimics: string;
  shape: { embd: number; layers: number; heads: number; kv_heads: number; ff: number; experts?: number; experts_used?: number; context_length: number; rope_base: number; norm_eps: number };
  vocab: string;
  bin: string;
  sha256: string;
  bytes: number;
  tensors: Array<{ name: string; dims: number[]; type: "F32" | "Q8_0"; offset: number; bytes: number }>;
};

export const SHIPPED_WEIGHTS_DIR = path.join(process.cwd(), "training", "weights");

export function readShippedSpec(dir: string, id: string): ShippedSpec {
  return JSON.parse(fs.readFileSync(path.join(dir, `${id}.json`), "utf8")) as ShippedSpec;
}

export function llamaShapeOf(spec: ShippedSpec): LlamaShape {
  const s = spec.shape;
  return {
    embd: s.embd, layers: s.layers, heads: s.heads, kvHeads: s.kv_heads, ff: s.ff, experts: s.experts, expertsUsed: s.experts_used,
    contextLength: s.context_length, ropeBase: s.rope_base, normEps: s.norm_eps,
  };
}

/** Writes `<id>` from `dir` as a GGUF at `file`; checks the tensors against the llama layout and the hash. */
export function writeShippedGguf(dir: string, id: string, file: string): void {
  const spec = readShippedSpec(dir, id);
  const vocab = JSON.parse(fs.readFileSync(path.join(dir, spec.vocab), "utf8")) as CorpusVocab;
  const data = fs.readFileSync(path.join(dir, spec.bin));
  const digest = crypto.createHash("sha256").update(data).digest("hex");
  if (digest !== spec.sha256 || data.length !== spec.bytes) throw new Error(`${spec.bin} does not match ${id}.json (hash or size differs): re-export the weights`);
  const shape = llamaShapeOf(spec);
  const layout = llamaTensorLayout(shape, vocab.tokens.length);
  const tensors: TensorSpec[] = layout.map((want, i) => {
    const t = spec.tensors[i];
    if (!t || t.name !== want.name || t.type !== want.type || t.dims.join(",") !== want.dims.join(",")) {
      throw new Error(`${id}: tensor ${i} is ${t ? `${t.name} [${t.dims}] ${t.type}` : "missing"}, expected ${want.name} [${want.dims}] ${want.type}`);
    }
    return { ...want, raw: data.subarray(t.offset, t.offset + t.bytes) };
  });
  writeLlamaGguf(file, {
    name: spec.name,
    description: `Tiny ${spec.kind} model in the shape of ${spec.mimics}, trained by Lineup on synthetic product reviews (training/). Knows only that little world.`,
    shape, vocab, marker: { [TRAINED_MARKER_KEY]: { type: "bool", value: true } },
  }, tensors);
}
