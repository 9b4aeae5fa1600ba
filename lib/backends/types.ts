import type { RunQuestion } from "../db/schema";
import type { GenerationMetrics } from "../metrics/generation";
import type { ModelEntry } from "../models/inventory";
import type { ServerFigures } from "../remote/types";
import type { RunSettings } from "../runs/settings";
import type { CellPhase } from "../runs/types";
import type { PromptFormat } from "../runs/run-options";
import type { DeviceInfo } from "../models/worker/protocol";
import type { CancellableContext } from "../server-context";

// A cell backend answers one model's cells of a run: open (load the model, start a server, find an endpoint),
// generate one answer at a time while streaming its text, close. The cell loop (lib/runs/run-model.ts) owns
// everything else: events, the partial answer, storing, cancel and the load figures. A backend is one folder
// under lib/backends/ and one line in lib/backends/registry.ts.

/** What a backend needs from the run (the database, the models folder, the run's signal); nothing of the cell loop's own bookkeeping. */
export type BackendContext = Pick<CancellableContext, "db" | "modelsDir" | "signal"> & {
  settings: RunSettings;
  /** A generation that sends nothing for this long fails. */
  stallMs: number;
  /** Reports what a loaded model runs on (for the manifest): the llama.cpp build, the device, its template. */
  onLoaded: (model: string, report: LoadedReport) => Promise<void>;
};

/** What a backend learns when it loads a model; each part only where the backend can know it. */
export type LoadedReport = {
  llamaCpp?: string;
  device?: DeviceInfo;
  /** Whether the model carries a chat template: a chat-format run gives it the raw prompt when it does not. */
  chatTemplate?: boolean;
  /** The most VRAM seen in use so far (reported again as it grows). */
  vramPeakBytes?: number;
};

/** The model a backend is asked to open: its reference in the run, and its inventory entry when it is a local file. */
export type ModelTarget = { model: string; entry: ModelEntry | undefined };

export type CellStreams = {
  signal: AbortSignal;
  onPhase: (phase: CellPhase) => void;
  /** Text as it arrives; `t` ms since the request started, `at` wall-clock ms. */
  onText: (text: string, t: number, at: number) => void;
};

/** A finished answer (also one stopped by cancel: stopReason "abort"). */
export type CellAnswer = {
  text: string;
  stopReason: string;
  tokenTimes: number[];
  metrics: GenerationMetrics;
  /** The server's own figures (llama-server `timings`, /metrics), kept apart from the client's. */
  server?: ServerFigures | null;
  /** The exact text the model received, and its format; where the backend knows it. */
  prompt?: string;
  promptFormat?: PromptFormat;
};

/** What a failed cell means for the next ones. */
export type AfterFailure =
  | { next: "continue" }
  /** The model's process or server died: a fresh one takes the next cell. */
  | { next: "reopen" }
  /** Nothing can answer (a refused connection): the remaining cells fail at once with this reason. */
  | { next: "give-up" };

export type OpenModel = {
  /** Shown when the model is ready: how long it took to load, and the process that holds it. */
  loadMs?: number;
  pid?: number;
  generate: (question: RunQuestion, cold: boolean, streams: CellStreams) => Promise<CellAnswer>;
  /** The reason a failed cell shows (a backend may redact it: a remote key must not leak into it). */
  describeFailure: (err: unknown) => string;
  afterFailure: (err: unknown) => AfterFailure;
  close: () => Promise<void>;
};

/** Thrown by `open` when the model cannot run at all: every cell fails with the message, nothing was loaded. */
export class CannotRunError extends Error {}

export type CellBackend = {
  /** Loads the model; throws CannotRunError (nothing to load) or any error (the load failed). */
  open: (ctx: BackendContext, target: ModelTarget) => Promise<OpenModel>;
};
