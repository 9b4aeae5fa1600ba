import { createHash } from "node:crypto";
import { normaliseBaseUrl } from "./base-url";
import type { RemoteApi } from "./types";

// LINEUP_ENDPOINTS, for scripted use: either a JSON array of {baseUrl, apiKey?, api?, concurrent?} or a comma
// list of base URLs. Each gets an id derived from its URL, so a run that names it still finds it after a restart.

export type EnvEndpoint = { id: string; baseUrl: string; apiKey: string | null; api: RemoteApi; concurrent: boolean };

type Raw = { baseUrl?: unknown; apiKey?: unknown; api?: unknown; concurrent?: unknown };

export function parseEnvEndpoints(spec: string): EnvEndpoint[] {
  if (!spec.trim()) return [];
  let raws: Raw[];
  if (spec.trim().startsWith("[")) {
    try {
      raws = JSON.parse(spec) as Raw[];
    } catch {
      throw new Error(
        "LINEUP_ENDPOINTS is not valid JSON: give a JSON array of {baseUrl, apiKey?, api?} or a comma list of URLs.",
      );
    }
    if (!Array.isArray(raws)) throw new Error("LINEUP_ENDPOINTS must be a JSON array.");
  } else {
    raws = spec
      .split(",")
      .map((u) => ({ baseUrl: u.trim() }))
      .filter((r) => r.baseUrl);
  }
  return raws.map((r, i) => {
    const url = normaliseBaseUrl(String(r.baseUrl ?? ""));
    if (!url.ok) throw new Error(`LINEUP_ENDPOINTS entry ${i + 1}: ${url.error}`);
    if (r.api !== undefined && r.api !== "completions" && r.api !== "chat")
      throw new Error(`LINEUP_ENDPOINTS entry ${i + 1}: api must be "completions" or "chat".`);
    return {
      id: `env-${createHash("sha256").update(url.url).digest("hex").slice(0, 8)}`,
      baseUrl: url.url,
      apiKey: typeof r.apiKey === "string" && r.apiKey ? r.apiKey : null,
      api: (r.api as RemoteApi | undefined) ?? "completions",
      concurrent: r.concurrent === true,
    };
  });
}
