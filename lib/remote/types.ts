// Shapes of remote (OpenAI-compatible) endpoints shared by the server, the API and the pages. Types only:
// browser-safe. An endpoint's API key is never part of these: it stays in the database row.

export type RemoteApi = "completions" | "chat";

/** A configured endpoint, with its key: server-side only (pages get EndpointView). */
export type Endpoint = {
  id: string;
  baseUrl: string;
  apiKey: string | null;
  api: RemoteApi;
  concurrent: boolean;
  source: "db" | "env";
  createdAt: Date | null;
};

/** What the browser, exports and manifests may see of an endpoint. */
export type EndpointView = {
  id: string;
  baseUrl: string;
  api: RemoteApi;
  concurrent: boolean;
  hasApiKey: boolean;
  /** "env" endpoints come from LINEUP_ENDPOINTS and cannot be deleted from the page. */
  source: "db" | "env";
  createdAt: string | null;
};

/** The endpoint's answer to GET /v1/models, timed. */
export type EndpointHealth =
  | {
      ok: true;
      latencyMs: number;
      models: string[];
      /** What was left out of the model list (duplicates, unusable ids, past the cap). */ note?: string;
    }
  | { ok: false; latencyMs: number | null; error: string };

export type RemoteModel = {
  kind: "remote";
  /** The model reference used in run settings: `remote:<endpointId>/<modelId>`. */
  ref: string;
  endpointId: string;
  modelId: string;
  baseUrl: string;
};

/** Figures the server reports about itself, apart from what the client measured. */
export type ServerFigures = {
  source: string;
  promptTokens?: number;
  promptMs?: number;
  promptPerSecond?: number;
  predictedTokens?: number;
  predictedMs?: number;
  predictedPerSecond?: number;
  /** From Prometheus /metrics (llama-server, vLLM) when the server exposes it. */
  kvCacheUsageRatio?: number;
};

const REF_PREFIX = "remote:";

export const remoteRef = (endpointId: string, modelId: string) => `${REF_PREFIX}${endpointId}/${modelId}`;
export const isRemoteRef = (model: string) => model.startsWith(REF_PREFIX);

/** `remote:<endpointId>/<modelId>`, where the model id may itself contain slashes (org/name). */
export function parseRemoteRef(model: string): { endpointId: string; modelId: string } | null {
  if (!isRemoteRef(model)) return null;
  const rest = model.slice(REF_PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return null;
  return { endpointId: rest.slice(0, slash), modelId: rest.slice(slash + 1) };
}

/** A remote model in a run's manifest: where it ran and what the server said about itself (never the API key). */
/** What llama-server says about itself (GET /props), for the manifest. */
export type ServerProps = {
  build: string | null;
  modelPath: string | null;
  contextSize: number | null;
  slots: number | null;
};

/** GET /api/endpoints: every endpoint with a fresh health check, and the models they serve. */
export type EndpointListing = { endpoints: (EndpointView & { health: EndpointHealth })[]; models: RemoteModel[] };

export type RemoteManifest = {
  endpointId: string;
  baseUrl: string;
  api: RemoteApi;
  modelId: string;
  concurrent: boolean;
  server: ServerProps | null;
  /** Health check latency (GET /v1/models) when the run started. */
  latencyMs: number | null;
};
