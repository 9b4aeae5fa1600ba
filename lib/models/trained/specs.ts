// The trained demo models shipped in training/weights/: tiny llama-shaped models trained by training/train.py
// on synthetic product reviews (lib/datasets/sample/synthetic.ts). They answer in that small world only.
// The default comparison uses the first three: dense, GQA and MoE, as in the original experiment.

export type TrainedModel = { id: string; file: string; kind: "dense" | "gqa" | "moe"; role: string };

export const TRAINED_MODELS: TrainedModel[] = [
  { id: "lineup-dense", file: "lineup-dense.Q8_0.gguf", kind: "dense", role: "dense multi-head attention (Llama 2 shape)" },
  { id: "lineup-gqa", file: "lineup-gqa.Q8_0.gguf", kind: "gqa", role: "grouped-query attention 4:1 (Mistral shape)" },
  { id: "lineup-moe-8x2", file: "lineup-moe-8x2.Q8_0.gguf", kind: "moe", role: "mixture of 8 experts, 2 used (Mixtral shape)" },
  { id: "lineup-dense-large", file: "lineup-dense-large.Q8_0.gguf", kind: "dense", role: "larger dense model (Llama 2 70B's place)" },
];
