import { writeGguf, type GgufValue, type TensorSpec } from "../gguf/writer";
import type { CorpusVocab } from "./vocab";

// Metadata for a llama-architecture GGUF built from trained weights: the keys llama.cpp needs (a missing
// head count or feed-forward length aborts the process, see STACK.md) plus the tokenizer.

export type LlamaShape = {
  embd: number;
  layers: number;
  heads: number;
  kvHeads: number;
  ff: number;
  experts?: number;
  expertsUsed?: number;
  contextLength: number;
  ropeBase: number;
  normEps: number;
};

export const TRAINED_MARKER_KEY = "lineup.trained";

const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export function writeLlamaGguf(
  file: string,
  info: { name: string; description: string; shape: LlamaShape; vocab: CorpusVocab; marker?: Record<string, GgufValue> },
  tensors: TensorSpec[],
): void {
  const { shape, vocab } = info;
  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: info.name },
    "general.description": { type: "string", value: info.description },
    "general.file_type": u32(7), // MOSTLY_Q8_0
    "general.alignment": u32(32),
    ...info.marker,
    "llama.context_length": u32(shape.contextLength),
    "llama.embedding_length": u32(shape.embd),
    "llama.block_count": u32(shape.layers),
    "llama.feed_forward_length": u32(shape.ff),
    "llama.attention.head_count": u32(shape.heads),
    "llama.attention.head_count_kv": u32(shape.kvHeads),
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: shape.normEps },
    "llama.rope.dimension_count": u32(shape.embd / shape.heads),
    "llama.rope.freq_base": { type: "f32", value: shape.ropeBase },
    "llama.vocab_size": u32(vocab.tokens.length),
    ...(shape.experts ? { "llama.expert_count": u32(shape.experts), "llama.expert_used_count": u32(shape.expertsUsed ?? 2) } : {}),
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "string[]", value: vocab.tokens },
    "tokenizer.ggml.scores": { type: "f32[]", value: vocab.scores },
    "tokenizer.ggml.token_type": { type: "i32[]", value: vocab.types },
    "tokenizer.ggml.bos_token_id": u32(vocab.bosId),
    "tokenizer.ggml.eos_token_id": u32(vocab.eosId),
    "tokenizer.ggml.unknown_token_id": u32(vocab.unkId),
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
    "tokenizer.ggml.add_eos_token": { type: "bool", value: false },
    "tokenizer.chat_template": { type: "string", value: CHATML },
  };
  writeGguf(file, metadata, tensors);
}

/** The tensor list of a llama model, in llama.cpp's names and ggml dims; `make` supplies each one's data. */
export function llamaTensorLayout(shape: LlamaShape, nVocab: number): Array<{ name: string; dims: number[]; type: "F32" | "Q8_0" }> {
  const { embd, ff, layers, experts } = shape;
  const kvDim = (embd / shape.heads) * shape.kvHeads;
  const out: Array<{ name: string; dims: number[]; type: "F32" | "Q8_0" }> = [{ name: "token_embd.weight", dims: [embd, nVocab], type: "Q8_0" }];
  for (let l = 0; l < layers; l++) {
    const b = `blk.${l}`;
    out.push(
      { name: `${b}.attn_norm.weight`, dims: [embd], type: "F32" },
      { name: `${b}.attn_q.weight`, dims: [embd, embd], type: "Q8_0" },
      { name: `${b}.attn_k.weight`, dims: [embd, kvDim], type: "Q8_0" },
      { name: `${b}.attn_v.weight`, dims: [embd, kvDim], type: "Q8_0" },
      { name: `${b}.attn_output.weight`, dims: [embd, embd], type: "Q8_0" },
      { name: `${b}.ffn_norm.weight`, dims: [embd], type: "F32" },
    );
    if (experts) {
      out.push(
        { name: `${b}.ffn_gate_inp.weight`, dims: [embd, experts], type: "F32" },
        { name: `${b}.ffn_gate_exps.weight`, dims: [embd, ff, experts], type: "Q8_0" },
        { name: `${b}.ffn_up_exps.weight`, dims: [embd, ff, experts], type: "Q8_0" },
        { name: `${b}.ffn_down_exps.weight`, dims: [ff, embd, experts], type: "Q8_0" },
      );
    } else {
      out.push(
        { name: `${b}.ffn_gate.weight`, dims: [embd, ff], type: "Q8_0" },
        { name: `${b}.ffn_up.weight`, dims: [embd, ff], type: "Q8_0" },
        { name: `${b}.ffn_down.weight`, dims: [ff, embd], type: "Q8_0" },
      );
    }
  }
  out.push({ name: "output_norm.weight", dims: [embd], type: "F32" }, { name: "output.weight", dims: [embd, nVocab], type: "Q8_0" });
  return out;
}
