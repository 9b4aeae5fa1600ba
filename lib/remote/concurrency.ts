import "server-only";
import type { Db } from "../db/client";
import { isLoopbackHost } from "../env";
import { findEndpoint } from "./endpoints";
import { parseRemoteRef } from "./types";

export function onThisMachine(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, "");
  return isLoopbackHost(host) || host === "0.0.0.0" || host === "::";
}

/**
 * The models of a run that may run at the same time as the others: remote ones whose endpoint opted in and is
 * on another host. An endpoint on this machine never runs concurrently, whatever its setting: it would share
 * the cores with the local models and skew both sides' figures.
 */
export async function concurrentModels(db: Db, models: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const model of models) {
    const ref = parseRemoteRef(model);
    const endpoint = ref && (await findEndpoint(db, ref.endpointId));
    if (endpoint?.concurrent && !onThisMachine(endpoint.baseUrl)) out.add(model);
  }
  return out;
}
