import type { GgufValue } from "./writer";

// The metadata of a llama-architecture GGUF that Lineup writes itself (the demo models and the trained ones): the
// keys llama.cpp needs (a missing head count or feed-forward length aborts the process, see STACK.md) plus the
// tokenizer and a ChatML template. Key order is part of the file's bytes: the demo files are byte-for-byte
// reproducible, so keep it.

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

export type LlamaVocab = { tokens: string[]; scores: number[]; types: number[]; bosId: number; eosId: number; unkId: number };

export const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * `chatTemplate`: the model's chat template (ChatML by default), or null for a model trained only on raw prompts:
 * a GGUF's template tells runtimes how the model was trained to be prompted, so it must not claim one it never saw.
 */
export function llamaMetadata(info: {
  name: string; description: string; shape: LlamaShape; vocab: LlamaVocab; marker?: Record<string, GgufValue>;
  chatTemplate?: string | null;
}): Record<string, GgufValue> {
  const { shape, vocab } = info;
  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  return {
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
    ...spmTokenizerMetadata(vocab, info.chatTemplate),
  };
}

/** A SentencePiece ("llama") tokenizer's keys, and the chat template unless it is null (ChatML when unset). */
export function spmTokenizerMetadata(vocab: LlamaVocab, chatTemplate?: string | null): Record<string, GgufValue> {
  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  return {
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "string[]", value: vocab.tokens },
    "tokenizer.ggml.scores": { type: "f32[]", value: vocab.scores },
    "tokenizer.ggml.token_type": { type: "i32[]", value: vocab.types },
    "tokenizer.ggml.bos_token_id": u32(vocab.bosId),
    "tokenizer.ggml.eos_token_id": u32(vocab.eosId),
    "tokenizer.ggml.unknown_token_id": u32(vocab.unkId),
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
    "tokenizer.ggml.add_eos_token": { type: "bool", value: false },
    ...(chatTemplate === null ? {} : { "tokenizer.chat_template": { type: "string", value: chatTemplate ?? CHATML } }),
  };
}
