import { formatInt } from "../format";
// Whether llama.cpp really applies a sliding window for a GGUF architecture. A header can carry
// `<arch>.attention.sliding_window` (Mistral 7B v0.1's files do) while llama.cpp's code for that architecture
// attends to the whole context: then the KV cache grows with every token, window or not. The list is read from
// the llama.cpp that node-llama-cpp 3.21.1 ships (src/models/*.cpp that set `swa_type`); browser-safe.

const APPLIED = new Set([
  "gemma2", "gemma3", "gemma3n", "gemma4", "gemma-embedding", "cohere2", "cohere2moe", "phi3", "phimoe", "llama4",
  "gpt-oss", "exaone4", "exaone-moe", "olmo2", "afmoe", "smallthinker", "lfm2", "lfm2moe", "mimo2", "step35",
  "plamo3", "modern-bert", "granite-swa",
]);

export function slidingWindowApplied(architecture: string): boolean {
  return APPLIED.has(architecture);
}

/** The models page's line about a header's sliding window, or null when it has none. */
export function slidingWindowNote(f: { architecture: string; slidingWindow: number | null; layers: number }): string | null {
  if (!f.slidingWindow) return null;
  const w = formatInt(f.slidingWindow);
  if (slidingWindowApplied(f.architecture))
    return `Sliding-window attention, applied by llama.cpp: layers with the window keep only the last ${w} tokens in their KV cache, so the cache grows only in the layers without one. A sweep measures it.`;
  return `The header claims a sliding window of ${w} tokens, but llama.cpp's "${f.architecture}" code attends to the full context: every layer keeps every token, and the KV cache grows with the context as if there were no window. A sweep measures it.`;
}
