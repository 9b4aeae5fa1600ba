import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { deleteEndpoint, findEndpointRow, insertEndpoint, listEndpointRows } from "../db/queries/endpoints";
import { env } from "../env";
import { AppError } from "../errors";
import { normaliseBaseUrl } from "./base-url";
import { getJson, RemoteError } from "./client";
import { modelIdsNote, modelIdsOf } from "./model-ids";
import {
  remoteRef,
  type Endpoint,
  type EndpointHealth,
  type EndpointListing,
  type EndpointView,
  type RemoteModel,
} from "./types";

// Remote endpoints: stored ones (added on /models or POST /api/endpoints) and LINEUP_ENDPOINTS ones. The API key
// lives only in `Endpoint`; everything that leaves the server goes through `toEndpointView`, which drops it.
// It is this server that connects to the URL, so an exposed Lineup could be used to reach internal addresses:
// the server binds to loopback unless a login token is set (lib/env.ts), and the README says so.

export type { Endpoint } from "./types";

const HEALTH_TIMEOUT_MS = 5000;

export function toEndpointView(e: Endpoint): EndpointView {
  return {
    id: e.id,
    baseUrl: e.baseUrl,
    api: e.api,
    concurrent: e.concurrent,
    hasApiKey: !!e.apiKey,
    source: e.source,
    createdAt: e.createdAt?.toISOString() ?? null,
  };
}

export async function listEndpoints(db: Db): Promise<Endpoint[]> {
  const stored = (await listEndpointRows(db)).map((r): Endpoint => ({ ...r, source: "db" }));
  const fromEnv = env().endpoints.map((e): Endpoint => ({ ...e, source: "env", createdAt: null }));
  return [...fromEnv, ...stored];
}

export async function findEndpoint(db: Db, id: string): Promise<Endpoint | undefined> {
  const row = await findEndpointRow(db, id);
  if (row) return { ...row, source: "db" };
  const fromEnv = env().endpoints.find((e) => e.id === id);
  return fromEnv && { ...fromEnv, source: "env", createdAt: null };
}

/**
 * GET /v1/models, timed: whether the endpoint answers, how fast, and which models it serves (deduplicated and
 * capped: lib/remote/model-ids.ts). `timeoutMs` bounds the whole answer, body included; `signal` ends it at once.
 */
export async function checkHealth(
  endpoint: Pick<Endpoint, "baseUrl" | "apiKey">,
  timeoutMs = HEALTH_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<EndpointHealth> {
  const started = performance.now();
  try {
    const body = await getJson<{ data?: unknown }>(endpoint, "/v1/models", timeoutMs, signal);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    if (!body || !Array.isArray(body.data))
      return {
        ok: false,
        latencyMs,
        error: `${endpoint.baseUrl}/v1/models did not list models (no "data" array): is it an OpenAI-compatible server?`,
      };
    const ids = modelIdsOf(body.data);
    const note = modelIdsNote(ids);
    return { ok: true, latencyMs, models: ids.models, ...(note ? { note } : {}) };
  } catch (err) {
    return {
      ok: false,
      latencyMs: null,
      error: err instanceof RemoteError ? err.message : "The endpoint could not be checked.",
    };
  }
}

export const AddEndpointInput = z.object({
  baseUrl: z.string().min(1, "give the endpoint's base URL").max(2000),
  apiKey: z
    .string()
    .max(4000)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  api: z.enum(["completions", "chat"]).default("completions"),
  concurrent: z.boolean().default(false),
});

/** Checks the URL and the endpoint's health, then stores it. Nothing is stored for an endpoint that does not answer. */
export async function addEndpoint(
  db: Db,
  input: z.output<typeof AddEndpointInput>,
): Promise<{ endpoint: EndpointView; health: EndpointHealth }> {
  const url = normaliseBaseUrl(input.baseUrl);
  if (!url.ok) throw new AppError("bad_request", url.error);
  const known = await listEndpoints(db);
  if (known.some((e) => e.baseUrl === url.url))
    throw new AppError("conflict", `${url.url} is already in the list of endpoints.`);
  const health = await checkHealth({ baseUrl: url.url, apiKey: input.apiKey ?? null });
  if (!health.ok) throw new AppError("unprocessable", `The endpoint was not added: ${health.error}`);
  if (!health.models.length)
    throw new AppError("unprocessable", `The endpoint was not added: ${url.url}/v1/models lists no models.`);
  const row = await insertEndpoint(db, {
    id: `ep_${randomBytes(4).toString("hex")}`,
    baseUrl: url.url,
    apiKey: input.apiKey ?? null,
    api: input.api,
    concurrent: input.concurrent,
  });
  return { endpoint: toEndpointView({ ...row, source: "db" }), health };
}

export async function removeEndpoint(db: Db, id: string): Promise<void> {
  if (env().endpoints.some((e) => e.id === id)) {
    throw new AppError(
      "conflict",
      "This endpoint comes from LINEUP_ENDPOINTS; remove it there and restart the server.",
    );
  }
  if (!(await deleteEndpoint(db, id))) throw new AppError("not_found", `There is no endpoint ${id}.`);
}

/**
 * Every endpoint with a fresh health check (in parallel, and each with one deadline for its whole answer, so the
 * listing answers within about `timeoutMs` even when a server trickles its body), and the models they serve.
 */
export async function endpointsWithModels(db: Db, timeoutMs = 3000): Promise<EndpointListing> {
  const all = await listEndpoints(db);
  const checked = await Promise.all(all.map(async (e) => ({ e, health: await checkHealth(e, timeoutMs) })));
  return {
    endpoints: checked.map(({ e, health }) => ({ ...toEndpointView(e), health })),
    models: checked.flatMap(({ e, health }) =>
      health.ok
        ? health.models.map(
            (modelId): RemoteModel => ({
              kind: "remote",
              ref: remoteRef(e.id, modelId),
              endpointId: e.id,
              modelId,
              baseUrl: e.baseUrl,
            }),
          )
        : [],
    ),
  };
}
