import type { GradeView } from "../quality/judging/grade-view";
import type { GenerationMetrics } from "../metrics/generation";
import type { Summary } from "../metrics/stats";
import type { ModelFacts } from "../models/gguf/inspect";
import type { DeviceInfo } from "../models/device";
import type { PromptFormat } from "./run-options";
import type { ModelSource } from "../models/sources/types";
import type { QualityScores } from "../quality/scores-meta";
import type { RemoteManifest, ServerFigures } from "../remote/types";
import type { CellLoad } from "../system/load-types";
import type { CellKey } from "./cell-key";
import type { RunSettings } from "./settings";

// Shapes shared by the server, the API and the pages. Types only: browser-safe.

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled" | "interrupted";

export type QuestionView = {
  id: number;
  groupKey: string;
  questionIndex: number;
  question: string;
  prompt: string;
  documents: { id: number; text: string; score: number }[];
  /** Documents cut to the per-document character cap before the prompt was built: original and kept length. */
  documentsCut: DocumentCut[];
  embedMs: number;
  retrievalMs: number;
};

export type GenerationView = {
  id: number;
  questionId: number;
  model: string;
  repetition: number;
  cold: boolean;
  status: "ok" | "failed" | "cancelled";
  answer: string;
  tokenTimes: number[];
  metrics: Partial<GenerationMetrics>;
  /** The machine's load while it ran (null where not recorded). */
  load: CellLoad | null;
  stopReason: string | null;
  error: string | null;
  /** Reference-free scores in [0, 1] (lib/quality/scores.ts); null until the run ends, and for failed cells. */
  quality: QualityScores | null;
  /** A remote model's own figures (lib/remote), apart from the client-side metrics; null for local models. */
  server?: ServerFigures | null;
  /** The exact text the model received and its format; null in runs stored before they were recorded. */
  prompt?: string | null;
  promptFormat?: PromptFormat | null;
  /** Judges' grades of this answer (rubric, claims); absent until a judge has graded it. */
  grades?: GradeView[];
};

export type ModelSummary = {
  model: string;
  ok: number;
  failed: number;
  cancelled: number;
  /** Cold (first after load) generations are left out of the figures when warm ones exist. */
  excludedCold: number;
  figures: Record<keyof GenerationMetrics, Summary>;
};

export type DocumentCut = { id: number; chars: number; kept: number };

/** Where a local model ran (backend, device, layers offloaded, VRAM) and the prompt format it was given. */
export type ModelRuntime = {
  device?: DeviceInfo;
  /** The most VRAM seen in use while it answered (0 on the CPU). */
  vramPeakBytes?: number;
  /** Whether its GGUF carries a chat template. */
  chatTemplate?: boolean;
  /** The format it was given: "raw" when a chat-format run met a model without a template. */
  promptFormat?: PromptFormat;
};

/** Everything a colleague needs to know what ran, on what, with which settings, and to run it again. */
export type RunManifest = {
  createdAt: string;
  hardware: { cpu: string; physicalCores: number; logicalCores: number; memoryBytes: number; os: string };
  versions: {
    app: string;
    node: string;
    nodeLlamaCpp: string;
    llamaCpp: string | null;
    /** The llama-server engine's build (release-commit), when the run used it. */ llamaServer?: string;
  };
  models: {
    file: string;
    /** Where the file was found and its name there (`ollama`, `mistral:7b-instruct`); absent in runs made before sources. */
    source?: ModelSource;
    name?: string;
    sha256: string | null;
    sizeBytes: number | null;
    facts: ModelFacts | null;
    remote?: RemoteManifest;
    /** What the model ran on and how it was prompted, as found when it was loaded; absent before (and for remote models). */
    runtime?: ModelRuntime;
  }[];
  embedder: { id: string; dim: number; metric: "cosine" | "dot" };
  dataset: {
    id: string;
    name: string;
    fileSha256: string;
    rows: number;
    mapping: { text: string[]; group: string | null; labels: string[] };
  };
  settings: RunSettings;
};

export type RunView = {
  id: string;
  status: RunStatus;
  settings: RunSettings;
  manifest: RunManifest | null;
  rerunOf: string | null;
  /** Optional name and note the user gave the run. */
  name: string | null;
  note: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type RunDetail = {
  run: RunView;
  total: number;
  done: number;
  position: number | null;
  questions: QuestionView[];
  generations: GenerationView[];
  partials: Record<string, string>;
  summaries: ModelSummary[];
  /** Product (group) names from the dataset's name column, keyed by group; empty when it has none. */
  groupNames: Record<string, string>;
};

export type ModelEventState = "loading" | "loaded" | "failed" | "unloaded";
/** Where a running cell is: its worker reports each step, so a stall or a cancel can be told apart. */
export type CellPhase = "tokenising" | "prefilling" | "generating";

export type RunEvent =
  | { type: "status"; status: RunStatus; done: number; total: number; position?: number; error?: string | null }
  | { type: "question"; question: QuestionView }
  | {
      type: "model";
      model: string;
      repetition: number;
      state: ModelEventState;
      loadMs?: number;
      error?: string;
      pid?: number;
    }
  | { type: "cell"; cell: CellKey; cold: boolean }
  | { type: "phase"; cell: CellKey; phase: CellPhase }
  | { type: "token"; cell: CellKey; offset: number; text: string; t: number; at: number }
  | { type: "generation"; generation: GenerationView }
  | { type: "snapshot"; detail: RunDetail };

export type LoggedEvent = { id: string; seq: number; event: RunEvent };
