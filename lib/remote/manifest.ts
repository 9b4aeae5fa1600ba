import "server-only";
import type { Db } from "../db/client";
import { checkHealth, findEndpoint } from "./endpoints";
import { serverProps } from "./server-info";
import { parseRemoteRef, type RemoteManifest } from "./types";

/** A remote model's manifest entry: endpoint (no API key), model id, the server's /props, and its latency now. */
export async function remoteManifest(db: Db, ref: string, signal?: AbortSignal): Promise<RemoteManifest | undefined> {
  const parsed = parseRemoteRef(ref);
  const endpoint = parsed ? await findEndpoint(db, parsed.endpointId) : undefined;
  if (!parsed || !endpoint) return undefined;
  const [server, health] = await Promise.all([serverProps(endpoint, { signal }), checkHealth(endpoint, 3000, signal)]);
  return {
    endpointId: endpoint.id,
    baseUrl: endpoint.baseUrl,
    api: endpoint.api,
    modelId: parsed.modelId,
    concurrent: endpoint.concurrent,
    server,
    latencyMs: health.latencyMs,
  };
}
