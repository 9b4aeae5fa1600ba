import type { Client } from "./api-client";
import { normaliseBaseUrl } from "../../lib/remote/base-url";
import { remoteRef, type EndpointView } from "../../lib/remote/types";

// A CLI run config: the run settings the API takes (models, groups, questions, maxTokens, seed, threads, ...),
// with two conveniences for scripts: `dataset` by name or id (default: the sample dataset), and remote models
// as {endpoint, model[, apiKey, api]}, which are added as endpoints when missing and turned into
// `remote:<endpointId>/<model>` references.

export type RemoteModelSpec = { endpoint: string; model: string; apiKey?: string; api?: "completions" | "chat" };
export type RunConfig = Record<string, unknown> & {
  dataset?: string;
  datasetId?: string;
  models: (string | RemoteModelSpec)[];
};

type Dataset = { id: string; name: string; status: string };
type Endpoint = Pick<EndpointView, "id" | "baseUrl">;

export function readConfig(text: string, file: string): RunConfig {
  let config: RunConfig;
  try {
    config = JSON.parse(text) as RunConfig;
  } catch {
    throw new Error(`${file} is not valid JSON.`);
  }
  if (!config || typeof config !== "object" || !Array.isArray(config.models))
    throw new Error(`${file} needs a "models" list (file names, or {"endpoint": URL, "model": id}).`);
  return config;
}

async function datasetId(client: Client, config: RunConfig, waitMs: number): Promise<string> {
  if (config.datasetId) return config.datasetId;
  const wanted = config.dataset ?? "Sample product reviews";
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { datasets } = await client.get<{ datasets: Dataset[] }>("/api/datasets");
    const found = datasets.find((d) => d.id === wanted || d.name === wanted);
    if (found?.status === "ready") return found.id;
    if (Date.now() > deadline)
      throw new Error(
        found
          ? `The dataset "${wanted}" is ${found.status}, not ready.`
          : `There is no dataset "${wanted}" on ${client.url}. Import it first (npm run import) or name another.`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function modelRef(client: Client, spec: string | RemoteModelSpec, known: Endpoint[]): Promise<string> {
  if (typeof spec === "string") return spec;
  // The server stores base URLs in this form: the same function finds an endpoint already added.
  const normal = normaliseBaseUrl(spec.endpoint);
  if (!normal.ok) throw new Error(`${spec.endpoint}: ${normal.error}`);
  let endpoint = known.find((e) => e.baseUrl === normal.url);
  if (!endpoint) {
    endpoint = (
      await client.post<{ endpoint: Endpoint }>("/api/endpoints", {
        baseUrl: spec.endpoint,
        apiKey: spec.apiKey,
        api: spec.api,
      })
    ).endpoint;
    known.push(endpoint);
  }
  return remoteRef(endpoint.id, spec.model);
}

/** The body for POST /api/runs. */
export async function runSettings(
  client: Client,
  config: RunConfig,
  datasetWaitMs: number,
): Promise<Record<string, unknown>> {
  const rest: Record<string, unknown> = { ...config };
  delete rest.dataset;
  delete rest.models;
  const { models } = config;
  // The endpoints list health-checks every endpoint: asked for only when the config names a remote model.
  const known = models.some((m) => typeof m !== "string")
    ? (await client.get<{ endpoints: Endpoint[] }>("/api/endpoints")).endpoints
    : [];
  const refs: string[] = [];
  for (const m of models) refs.push(await modelRef(client, m, known));
  return { ...rest, datasetId: await datasetId(client, config, datasetWaitMs), models: refs };
}
