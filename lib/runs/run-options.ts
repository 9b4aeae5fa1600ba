// How a run gives its prompt to each local model, and where the model runs. Browser-safe: the run form offers
// these choices.

export const PROMPT_FORMATS = ["chat", "raw"] as const;
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

/**
 * "chat" by default: the models people compare are instruct and chat models, trained on their own chat template
 * (which their GGUF carries), and Ollama and LM Studio always apply it; a model without a template gets the raw
 * prompt, and the run says so. "raw" is the seed experiment's form, for reproducing it exactly.
 */
export const DEFAULT_PROMPT_FORMAT: PromptFormat = "chat";

export const PROMPT_FORMAT_LABELS: Record<PromptFormat, string> = {
  chat: "chat: each model's own chat template, the prompt as the user's turn",
  raw: "raw: the prompt as it is (the seed experiment's form)",
};

export const GPU_CHOICES = ["auto", "cpu"] as const;
export type GpuChoice = (typeof GPU_CHOICES)[number];

export const GPU_LABELS: Record<GpuChoice, string> = {
  auto: "auto: the GPU when node-llama-cpp finds one (CUDA, Metal, Vulkan), else the CPU",
  cpu: "cpu: the CPU only",
};

/** Runs stored before these choices existed gave every model the raw prompt, on the CPU. */
export const promptFormatOf = (settings: { promptFormat?: PromptFormat }): PromptFormat =>
  settings.promptFormat ?? "raw";
export const gpuOf = (settings: { gpu?: GpuChoice }): GpuChoice => settings.gpu ?? "cpu";
