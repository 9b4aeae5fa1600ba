import "server-only";
import { getJson, readCappedText, remoteHeaders } from "./client";
import type { Endpoint } from "./endpoints";
import type { ServerProps } from "./types";

// What a remote server says about itself, for the manifest (llama-server GET /props) and for the KV-cache
// figure after each answer (Prometheus /metrics of llama-server and vLLM). Both are optional: a server
// without them still runs, and the figure is simply absent.

export type { ServerProps } from "./types";

export async function serverProps(endpoint: Endpoint, timeoutMs = 3000): Promise<ServerProps | null> {
  try {
    const p = await getJson<{ build_info?: string; model_path?: string; total_slots?: number; default_generation_settings?: { n_ctx?: number } }>(endpoint, "/props", timeoutMs);
    return { build: p.build_info ?? null, modelPath: p.model_path ?? null, contextSize: p.default_generation_settings?.n_ctx ?? null, slots: p.total_slots ?? null };
  } catch {
    return null;
  }
}

const KV_METRICS = [/^llamacpp:kv_cache_usage_ratio(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m, /^vllm:(?:gpu_cache_usage_perc|kv_cache_usage_perc)(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m];

/** KV-cache use as a ratio (0..1), when the server exposes Prometheus metrics. */
export async function kvCacheUsage(endpoint: Endpoint, timeoutMs = 1000): Promise<number | undefined> {
  try {
    const res = await fetch(`${endpoint.baseUrl}/metrics`, { headers: remoteHeaders(endpoint), signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    if (!res.ok) { await res.body?.cancel().catch(() => {}); return undefined; }
    const text = await readCappedText(res, 1_000_000, "/metrics");
    for (const re of KV_METRICS) {
      const m = re.exec(text);
      if (m) return Number(m[1]);
    }
  } catch {
    // no metrics endpoint: the figure is absent
  }
  return undefined;
}
