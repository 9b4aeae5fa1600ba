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
  LINEUP_PG_SHARED_BUFFERS_MB: intFrom("LINEUP_PG_SHARED_BUFFERS_MB", 1, 65_536).default(16),
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
  /** Shared buffers of the embedded database (PGlite), in MiB. */
  pgSharedBuffersMb: number;
  /** The login token; required when the server listens on anything but loopback. */
  token: string | undefined;
  /** Extra Host names (besides loopback and HOST) this server answers for, lower case, without ports. */
  allowedHosts: string[];
  /** Remote endpoints for scripted use, from a JSON array of {baseUrl, apiKey?, api?} or a comma list of URLs (lib/remote/env-endpoints.ts). */
  endpoints: EnvEndpoint[];
};

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
