import type { CellPhase } from "../../runs/types";
import type { GpuChoice, PromptFormat } from "../../runs/run-options";
import type { DeviceInfo } from "../device";

export type { DeviceInfo, GpuChoice, PromptFormat };

// The methods of a model worker (lib/process/wire.ts carries them). Plain JSON, no handles or file descriptors,
// so the same messages could travel over a socket to a worker on another machine.

/** The GPU node-llama-cpp would use under "auto"; backend "cpu" when it found none. */
export type GpuFound = {
  backend: DeviceInfo["backend"];
  deviceNames: string[];
  vramTotalBytes: number;
  vramFreeBytes: number;
};

export type LoadParams = { modelPath: string; contextSize: number; threads: number; gpu?: GpuChoice };

export type GenerateParams = {
  prompt: string;
  maxTokens: number;
  temperature: number;
  seed: number;
  /** How the prompt is given to the model; "chat" falls back to "raw" for a model without a chat template. */
  format?: PromptFormat;
  /** A JSON schema the output must follow (node-llama-cpp's grammar): the judge's verdicts always parse. */
  jsonSchema?: Record<string, unknown>;
  /** Text the answer stops at, besides EOS and the chat template's end of turn: the prompt template's labels
   * (lib/runs/label-stops.ts). */
  stops?: string[];
};

export type LoadedInfo = {
  loadMs: number;
  /** Resident memory of the worker with the model loaded and idle. */
  idleRssBytes: number;
  contextSize: number;
  threads: number;
  llamaCpp: string;
  nodeLlamaCpp: string;
  device: DeviceInfo;
  /** Whether the GGUF carries a chat template (tokenizer.chat_template). */
  chatTemplate: boolean;
};

export type GenerationResult = {
  text: string;
  /** The exact text the model received (special tokens written out), and the format it was given in. */
  prompt: string;
  format: PromptFormat;
  /** The most VRAM in use seen during this generation (sampled before and after); 0 on the CPU. */
  vramPeakBytes: number;
  promptTokens: number;
  outputTokens: number;
  /** Milliseconds from the request's start: prompt pre-filled, and each generated token. */
  promptMs: number;
  tokenTimes: number[];
  /** Whether each token decoded to visible text (TTFT counts from the first that does). */
  tokenNonEmpty: boolean[];
  totalMs: number;
  stopReason: "eogToken" | "maxTokens" | "abort" | "stopGenerationTrigger" | "customStopTrigger";
  idleRssBytes: number;
  peakRssBytes: number;
};

/** While generating: text as it comes (`t`: ms since the request started; `at`: wall-clock ms), and each step. */
export type GenerateProgress = { type: "token"; t: number; at: number; text: string } | { type: "phase"; phase: CellPhase };

export type WorkerProtocol = {
  load: { params: LoadParams; result: LoadedInfo };
  generate: { params: GenerateParams; result: GenerationResult; progress: GenerateProgress };
  /** Stops generation request `target`; its partial answer comes back in its result with stopReason "abort". */
  abort: { params: { target: number }; result: void };
  stats: { params: Record<string, never>; result: { rssBytes: number; peakRssBytes: number } };
  unload: { params: Record<string, never>; result: void };
  /** What node-llama-cpp finds under gpu "auto", without loading a model (lib/models/gpu-probe.ts). */
  probeGpu: { params: Record<string, never>; result: GpuFound };
};
