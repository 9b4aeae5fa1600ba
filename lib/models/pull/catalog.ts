// Names `npm run models:pull` understands, besides any hf: URI or Xenova/... embedder id.

export const GGUF_PRESETS: Record<string, { uri: string; note: string }> = {
  "mistral-7b": { uri: "hf:TheBloke/Mistral-7B-Instruct-v0.2-GGUF/mistral-7b-instruct-v0.2.Q4_K_M.gguf", note: "Mistral 7B Instruct, Q4_K_M (4.4 GB), the original experiment's" },
  "llama2-7b": { uri: "hf:TheBloke/Llama-2-7B-Chat-GGUF/llama-2-7b-chat.Q4_K_M.gguf", note: "Llama 2 7B Chat, Q4_K_M (4.1 GB), the original experiment's" },
  "llama3.2-1b": { uri: "hf:bartowski/Llama-3.2-1B-Instruct-GGUF/Llama-3.2-1B-Instruct-Q4_K_M.gguf", note: "Llama 3.2 1B Instruct, Q4_K_M (0.8 GB), laptop-sized" },
  "qwen2.5-1.5b": { uri: "hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf", note: "Qwen 2.5 1.5B Instruct, Q4_K_M (1.1 GB), laptop-sized" },
};

export const EMBEDDER_PRESETS: Record<string, string> = {
  "Xenova/multi-qa-mpnet-base-dot-v1": "768 dimensions, dot product: the original experiment's embedder",
  "Xenova/all-MiniLM-L6-v2": "384 dimensions, cosine: a light option",
};

export const SETS: Record<string, string[]> = {
  original: ["mistral-7b", "llama2-7b", "Xenova/multi-qa-mpnet-base-dot-v1"],
  laptop: ["llama3.2-1b", "qwen2.5-1.5b", "Xenova/all-MiniLM-L6-v2"],
};

export const EMBEDDER_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

export type PullTarget = { kind: "gguf"; uri: string; label: string } | { kind: "embedder"; id: string };

export function resolveTargets(names: string[]): PullTarget[] {
  return names.flatMap((name): PullTarget[] => {
    if (SETS[name]) return resolveTargets(SETS[name]);
    if (GGUF_PRESETS[name]) return [{ kind: "gguf", uri: GGUF_PRESETS[name].uri, label: name }];
    if (name.startsWith("hf:") || /^https?:\/\//.test(name)) return [{ kind: "gguf", uri: name, label: name }];
    if (/^[\w.-]+\/[\w.-]+$/.test(name)) return [{ kind: "embedder", id: name }];
    throw new Error(
      `"${name}" is not a known model. Use a preset (${Object.keys(GGUF_PRESETS).join(", ")}), a set (${Object.keys(SETS).join(", ")}), ` +
        `an hf: URI such as hf:user/repo/file.gguf, or an embedder id such as Xenova/all-MiniLM-L6-v2.`,
    );
  });
}
