// The message protocol between the server and a model worker. Plain JSON, no handles or file descriptors,
// so the same messages could travel over a socket to a worker on another machine.

export type LoadRequest = { type: "load"; id: number; modelPath: string; contextSize: number; threads: number };
export type GenerateRequest = {
  type: "generate";
  id: number;
  prompt: string;
  maxTokens: number;
  temperature: number;
  seed: number;
};
export type WorkerRequest =
  | LoadRequest
  | GenerateRequest
  /** Stops generation request `target`; its partial answer comes back in its `done` with stopReason "abort". */
  | { type: "abort"; id: number; target: number }
  | { type: "stats"; id: number }
  | { type: "unload"; id: number };

export type LoadedInfo = {
  loadMs: number;
  /** Resident memory of the worker with the model loaded and idle. */
  idleRssBytes: number;
  contextSize: number;
  threads: number;
  llamaCpp: string;
  nodeLlamaCpp: string;
};

export type GenerationResult = {
  text: string;
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

export type WorkerEvent =
  | { type: "ready"; pid: number }
  | { type: "loaded"; id: number; info: LoadedInfo }
  /** `t`: ms since the request started; `at`: wall-clock ms (epoch), to measure delivery delays downstream. */
  | { type: "token"; id: number; t: number; at: number; text: string }
  | { type: "done"; id: number; result: GenerationResult }
  | { type: "stats"; id: number; rssBytes: number; peakRssBytes: number }
  | { type: "unloaded"; id: number }
  | { type: "error"; id: number; message: string }
  | { type: "log"; level: string; text: string };
