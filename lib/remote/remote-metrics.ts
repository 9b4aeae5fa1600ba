import { generationMetrics, type GenerationMetrics } from "../metrics/generation";
import type { RemoteResult } from "./generate";

// Client-side figures of a remote answer, by the same definitions as a local one (lib/metrics/generation.ts),
// from chunk arrival times. A server may pack several tokens in a chunk (vLLM does); when its `usage` count
// differs from the chunks, token counts and rates use `usage`. Prompt time is not visible from here (it hides
// inside TTFT with the network), so it is left at 0 and the server's own prompt rate is reported apart.
// Memory is not measurable remotely: those figures stay null.

export function remoteMetrics(r: RemoteResult, extra: { embedMs: number; retrievalMs: number }): GenerationMetrics {
  const m = generationMetrics(
    {
      promptTokens: r.promptTokens ?? 0,
      promptMs: 0,
      tokenTimes: r.tokenTimes,
      tokenNonEmpty: r.tokenNonEmpty,
      totalMs: r.totalMs,
    },
    r.text,
    extra,
  );
  const tokens = r.completionTokens;
  if (tokens == null || tokens === r.tokenTimes.length || m.ttftMs === null) return m;
  const decodeMs = r.totalMs - m.ttftMs;
  return {
    ...m,
    outputTokens: tokens,
    generationTokensPerSecond: tokens > 1 && decodeMs > 0 ? ((tokens - 1) / decodeMs) * 1000 : null,
    tpotMs: tokens > 1 ? decodeMs / (tokens - 1) : null,
  };
}
