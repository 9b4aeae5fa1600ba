import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseEnvEndpoints, type EnvEndpoint } from "./remote/env-endpoints";
import { physicalCores } from "./system/cpu";

// The one place that reads process.env: every setting is parsed and checked here.

const intFrom = (name: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: intFrom("PORT", 1, 65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  MODELS_DIR: z.string().min(1).default("./models"),
  // Other tools' model stores, read where present (lib/models/sources/); an empty value counts as unset.
  HOME: z.string().optional(),
  OLLAMA_MODELS: z.string().optional(),
  HF_HUB_CACHE: z.string().optional(),
  HF_HOME: z.string().optional(),
  LINEUP_MODEL_DIRS: z.string().default(""),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LINEUP_THREADS: intFrom("LINEUP_THREADS", 1, 256).optional(),
  LINEUP_GPU: z.enum(["auto", "cpu"], { error: 'LINEUP_GPU must be "auto" or "cpu"' }).default("auto"),
  LINEUP_UPLOAD_LIMIT_MB: intFrom("LINEUP_UPLOAD_LIMIT_MB", 1, 100_000).default(200),
  LINEUP_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LINEUP_HUB_URL: z.string().url("LINEUP_HUB_URL must be a URL").default("https://huggingface.co"),
  LINEUP_DOC_CHAR_CAP: intFrom("LINEUP_DOC_CHAR_CAP", 100, 10_000_000).default(4000),
  LINEUP_WORKER_STALL_S: intFrom("LINEUP_WORKER_STALL_S", 1, 86_400).default(30),
  LINEUP_EMBED_IDLE_S: intFrom("LINEUP_EMBED_IDLE_S", 1, 86_400).default(30),
  LINEUP_PG_SHARED_BUFFERS_MB: intFrom("LINEUP_PG_SHARED_BUFFERS_MB", 1, 65_536).optional(),
  LINEUP_INDEX_BUILD_MEMORY_MB: intFrom("LINEUP_INDEX_BUILD_MEMORY_MB", 64, 65_536).default(2048),
  LINEUP_TOKEN: z
    .string()
    .min(16, "LINEUP_TOKEN must be at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LINEUP_ALLOWED_HOSTS: z.string().default(""),
  LINEUP_ENDPOINTS: z
    .string()
    .default("")
    .transform((v, ctx): EnvEndpoint[] => {
      try {
        return parseEnvEndpoints(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  dataDir: string;
  modelsDir: string;
  /** Other tools' model stores and extra folders, searched beside modelsDir. */
  modelSources: ModelSourceDirs;
  databaseUrl: string | undefined;
  threads: number;
  /** Where local models run unless a run says otherwise: "auto" (a GPU when there is one) or "cpu". */
  gpu: "auto" | "cpu";
  uploadLimitBytes: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Where `models:pull` downloads from (a mirror, or the Hugging Face hub). */
  hubUrl: string;
  /** Each retrieved document is cut to this many characters before the prompt is built. */
  docCharCap: number;
  /** A model worker that sends nothing for this long during a cell is killed and the cell failed. */
  workerStallSeconds: number;
  /** The embedding process exits after this long without work, and starts again when needed. */
  embedIdleSeconds: number;
  /** Shared buffers of the embedded database (PGlite), in MiB; unset: sized for its search indexes (lib/db/client.ts). */
  pgSharedBuffersMb: number | undefined;
  /** The most memory a PostgreSQL server's search-index build may take, in MB (its graph's size and a fifth, up to this). */
  indexBuildMemoryMb: number;
  /** The login token; required when the server listens on anything but loopback. */
  token: string | undefined;
  /** Extra Host names (besides loopback and HOST) this server answers for, lower case, without ports. */
  allowedHosts: string[];
  /** Remote endpoints for scripted use, from a JSON array of {baseUrl, apiKey?, api?} or a comma list of URLs (lib/remote/env-endpoints.ts). */
  endpoints: EnvEndpoint[];
};

/** Where other tools keep GGUF files (null or empty: not looked for). Defaults derive from HOME. */
export type ModelSourceDirs = {
  /** OLLAMA_MODELS, else ~/.ollama/models (manifests/ and blobs/). */
  ollama: string | null;
  /** ~/.lmstudio/models, then the older ~/.cache/lm-studio/models. */
  lmStudio: string[];
  /** HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
  hfHub: string | null;
  /** LINEUP_MODEL_DIRS, separated by the path delimiter (":" here, ";" on Windows). */
  extra: string[];
};

/** No source but the models folder: what tests use unless they build a store of their own. */
export const NO_MODEL_SOURCES: ModelSourceDirs = { ollama: null, lmStudio: [], hfHub: null, extra: [] };

type SourceVars = {
  HOME?: string;
  OLLAMA_MODELS?: string;
  HF_HUB_CACHE?: string;
  HF_HOME?: string;
  LINEUP_MODEL_DIRS: string;
};

function modelSourceDirs(e: SourceVars): ModelSourceDirs {
  const set = (v: string | undefined) => (v?.trim() ? path.resolve(v.trim()) : undefined);
  const home = set(e.HOME) ?? os.homedir();
  const hfHome = set(e.HF_HOME);
  return {
    ollama: set(e.OLLAMA_MODELS) ?? path.join(home, ".ollama", "models"),
    lmStudio: [path.join(home, ".lmstudio", "models"), path.join(home, ".cache", "lm-studio", "models")],
    hfHub: set(e.HF_HUB_CACHE) ?? (hfHome ? path.join(hfHome, "hub") : path.join(home, ".cache", "huggingface", "hub")),
    extra: e.LINEUP_MODEL_DIRS.split(path.delimiter)
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => path.resolve(d)),
  };
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parse an environment (process.env by default). Throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = result.data;
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    modelsDir: path.resolve(e.MODELS_DIR),
    modelSources: modelSourceDirs(e),
    databaseUrl: e.DATABASE_URL,
    threads: Math.min(e.LINEUP_THREADS ?? physicalCores(), physicalCores()),
    gpu: e.LINEUP_GPU,
    uploadLimitBytes: e.LINEUP_UPLOAD_LIMIT_MB * 1024 * 1024,
    logLevel: e.LINEUP_LOG_LEVEL,
    hubUrl: e.LINEUP_HUB_URL.replace(/\/+$/, ""),
    docCharCap: e.LINEUP_DOC_CHAR_CAP,
    workerStallSeconds: e.LINEUP_WORKER_STALL_S,
    embedIdleSeconds: e.LINEUP_EMBED_IDLE_S,
    pgSharedBuffersMb: e.LINEUP_PG_SHARED_BUFFERS_MB,
    indexBuildMemoryMb: e.LINEUP_INDEX_BUILD_MEMORY_MB,
    token: e.LINEUP_TOKEN,
    allowedHosts: e.LINEUP_ALLOWED_HOSTS.split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    endpoints: e.LINEUP_ENDPOINTS,
  };
}

let cached: Env | undefined;

/** The validated settings of this process, parsed once. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
