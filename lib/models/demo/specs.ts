import type { LlamaShape } from "../gguf/llama-metadata";

// The demo models: three architectures of the original experiment, at sizes that load in a second and show
// real differences in speed and memory on two cores, plus tiny variants (< 1 MB) for fast tests.
// Their weights are random: they measure speed and memory, not answer quality.

export type DemoShape = "dense" | "gqa" | "moe";

export type DemoModelSpec = Omit<LlamaShape, "ropeBase" | "normEps"> & {
  file: string;
  name: string;
  shape: DemoShape;
  /** The real model family this shape stands in for. */
  mimics: string;
  words: number;
  /** Weight of the end-of-text token on the bias channel: sets how long the random answers run. */
  eosBias: number;
};

const full = { embd: 512, layers: 8, heads: 8, words: 2000, contextLength: 2048, eosBias: 0.185 };
const tiny = { embd: 64, layers: 2, heads: 4, words: 300, contextLength: 1024, eosBias: 0.02 };

export const DEMO_MODELS: DemoModelSpec[] = [
  { file: "demo-dense-mha.Q8_0.gguf", name: "Demo dense (Llama 2 shape)", shape: "dense", mimics: "Llama 2 7B", ...full, kvHeads: 8, ff: 1376 },
  { file: "demo-gqa.Q8_0.gguf", name: "Demo GQA (Mistral shape)", shape: "gqa", mimics: "Mistral 7B", ...full, kvHeads: 2, ff: 1376 },
  { file: "demo-moe-8x2.Q8_0.gguf", name: "Demo MoE 8x2 (Mixtral shape)", shape: "moe", mimics: "Mixtral 8x7B", ...full, kvHeads: 2, ff: 512, experts: 8, expertsUsed: 2 },
  { file: "tiny-dense-mha.Q8_0.gguf", name: "Tiny dense (test)", shape: "dense", mimics: "Llama 2 7B", ...tiny, kvHeads: 4, ff: 128 },
  { file: "tiny-gqa.Q8_0.gguf", name: "Tiny GQA (test)", shape: "gqa", mimics: "Mistral 7B", ...tiny, kvHeads: 1, ff: 128 },
  { file: "tiny-moe-8x2.Q8_0.gguf", name: "Tiny MoE 8x2 (test)", shape: "moe", mimics: "Mixtral 8x7B", ...tiny, kvHeads: 1, ff: 64, experts: 8, expertsUsed: 2 },
];

/** Marker written into every demo file, so the UI can say plainly that a model is untrained. */
export const DEMO_MARKER_KEY = "lineup.demo";
