import type { ServerFigures } from "./types";

// Every number a remote server reports (llama-server `timings`, `usage`, /props, /metrics) is checked before
// it is kept: the right type (a JSON number, not "12.5"), finite, and in a range that could be true. Anything
// else is dropped, never coerced: a run page once answered 500 for good on `predicted_per_second: "12.5"`.
// Browser-safe: the run detail also reads stored figures through `cleanServerFigures` (old runs may hold bad ones).

/** `v` when it is a finite number in [min, max] (and whole, if asked); otherwise undefined. */
export function numberIn(v: unknown, min: number, max: number, integer = false): number | undefined {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) return undefined;
  return integer && !Number.isInteger(v) ? undefined : v;
}

export const MAX_TOKENS_REPORTED = 10_000_000;
const DAY_MS = 86_400_000;

type FigureKey = Exclude<keyof ServerFigures, "source">;
const RANGES: Record<FigureKey, [number, number, boolean]> = {
  promptTokens: [0, MAX_TOKENS_REPORTED, true],
  promptMs: [0, DAY_MS, false],
  promptPerSecond: [0, 1e8, false],
  predictedTokens: [0, MAX_TOKENS_REPORTED, true],
  predictedMs: [0, DAY_MS, false],
  predictedPerSecond: [0, 1e8, false],
  kvCacheUsageRatio: [0, 1, false],
};

/** Server figures with every bad value left out, or null when nothing usable remains (or it is not an object). */
export function cleanServerFigures(raw: unknown): ServerFigures | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const out: ServerFigures = { source: typeof r.source === "string" ? r.source.slice(0, 80) : "server" };
  let any = false;
  for (const key of Object.keys(RANGES) as FigureKey[]) {
    const [min, max, integer] = RANGES[key];
    const v = numberIn(r[key], min, max, integer);
    if (v !== undefined) {
      out[key] = v;
      any = true;
    }
  }
  return any ? out : null;
}

/** llama-server's `timings` object as ServerFigures, each value checked. */
export function serverFiguresFromTimings(t: unknown): ServerFigures | null {
  if (!t || typeof t !== "object") return null;
  const x = t as Record<string, unknown>;
  return cleanServerFigures({
    source: "llama-server timings",
    promptTokens: x.prompt_n,
    promptMs: x.prompt_ms,
    promptPerSecond: x.prompt_per_second,
    predictedTokens: x.predicted_n,
    predictedMs: x.predicted_ms,
    predictedPerSecond: x.predicted_per_second,
  });
}
