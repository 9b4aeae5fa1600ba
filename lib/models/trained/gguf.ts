import { writeGguf, type GgufValue, type TensorSpec } from "../gguf/writer";
import { CHATML, llamaMetadata, type LlamaShape } from "../gguf/llama-metadata";
import type { CorpusVocab } from "./vocab";

// A llama-architecture GGUF built from trained weights: the metadata of lib/models/gguf/llama-metadata.ts and
// the tensor layout llama.cpp expects.

export type { LlamaShape };

export const TRAINED_MARKER_KEY = "lineup.trained";

export function writeLlamaGguf(
  file: string,
  info: { name: string; description: string; shape: LlamaShape; vocab: CorpusVocab; marker?: Record<string, GgufValue> },
  tensors: TensorSpec[],
): void {
  // A vocabulary with ChatML's markers was trained on both the raw prompt and ChatML (training/): the file says so.
  // Without them the model knows only the raw prompt, and a chat-format run gives it that.
  const chat = info.vocab.tokens.includes("<|im_start|>");
  writeGguf(file, llamaMetadata({ ...info, chatTemplate: chat ? CHATML : null }), tensors);
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
