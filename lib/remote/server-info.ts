import "server-only";
import { getJson, getText } from "./client";
import type { Endpoint } from "./endpoints";
import { numberIn } from "./remote-numbers";
import { remoteText } from "./remote-text";
import type { ServerProps } from "./types";

// What a remote server says about itself, for the manifest (llama-server GET /props) and for the KV-cache
// figure after each answer (Prometheus /metrics of llama-server and vLLM). Both are optional: a server
// without them still runs, and the figure is simply absent. Each has one deadline for headers and body, ends
// at once on the run's cancel, and every value is checked (a string or a NaN is dropped, text is cleaned).

export type { ServerProps } from "./types";

type Props = {
  build_info?: unknown;
  model_path?: unknown;
  total_slots?: unknown;
  default_generation_settings?: { n_ctx?: unknown } | null;
};
const text = (v: unknown, max: number) => (typeof v === "string" && v ? remoteText(v, { max }) : null);

export async function serverProps(
  endpoint: Endpoint,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ServerProps | null> {
  try {
    const p = await getJson<Props>(endpoint, "/props", opts.timeoutMs ?? 3000, opts.signal);
    if (!p || typeof p !== "object") return null;
    const settings =
      p.default_generation_settings && typeof p.default_generation_settings === "object"
        ? p.default_generation_settings
        : {};
    return {
      build: text(p.build_info, 200),
      modelPath: text(p.model_path, 1000),
      contextSize: numberIn(settings.n_ctx, 1, 100_000_000, true) ?? null,
      slots: numberIn(p.total_slots, 1, 100_000, true) ?? null,
    };
  } catch {
    return null;
  }
}

const KV_METRICS = [
  /^llamacpp:kv_cache_usage_ratio(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m,
  /^vllm:(?:gpu_cache_usage_perc|kv_cache_usage_perc)(?:\{[^}]*\})?\s+([0-9.eE+-]+)/m,
];

/** KV-cache use as a ratio (0..1), when the server exposes Prometheus metrics. */
export async function kvCacheUsage(
  endpoint: Endpoint,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<number | undefined> {
  try {
    const body = await getText(endpoint, "/metrics", {
      timeoutMs: opts.timeoutMs ?? 1000,
      signal: opts.signal,
      maxBytes: 1_000_000,
    });
    for (const re of KV_METRICS) {
      const m = re.exec(body);
      if (m) return numberIn(Number(m[1]), 0, 1);
    }
  } catch {
    // no metrics endpoint: the figure is absent
  }
  return undefined;
}
