import { percentile } from "./stats";

// The figures of one generation, by the definitions in the project's reference (llama-bench, Ollama,
// GenAI-Perf): all times in milliseconds from the request's start, token counts from the model's tokenizer.

export type GenerationTiming = {
  promptTokens: number;
  promptMs: number;
  tokenTimes: number[];
  tokenNonEmpty: boolean[];
  totalMs: number;
};

export type GenerationMetrics = {
  loadMs: number | null;
  ttftMs: number | null;
  promptTokens: number;
  promptMs: number;
  promptTokensPerSecond: number | null;
  outputTokens: number;
  generationTokensPerSecond: number | null;
  tpotMs: number | null;
  interTokenP50Ms: number | null;
  interTokenP90Ms: number | null;
  interTokenP99Ms: number | null;
  endToEndMs: number;
  words: number;
  wordsPerSecond: number | null;
  peakRssBytes: number | null;
  idleRssBytes: number | null;
  baseRssBytes: number | null;
  memoryGrowthBytes: number | null;
  estimateBytes: number | null;
  embedMs: number | null;
  retrievalMs: number | null;
};

/** Every figure of a generation, in the order summaries, exports and tables list them: the one list. */
export const METRIC_KEYS = [
  "loadMs",
  "ttftMs",
  "promptTokens",
  "promptMs",
  "promptTokensPerSecond",
  "outputTokens",
  "generationTokensPerSecond",
  "tpotMs",
  "interTokenP50Ms",
  "interTokenP90Ms",
  "interTokenP99Ms",
  "endToEndMs",
  "words",
  "wordsPerSecond",
  "peakRssBytes",
  "idleRssBytes",
  "baseRssBytes",
  "memoryGrowthBytes",
  "estimateBytes",
  "embedMs",
  "retrievalMs",
] as const satisfies readonly (keyof GenerationMetrics)[];

export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** TTFT: request start to the first token that decodes to visible text. */
export function timeToFirstToken(t: Pick<GenerationTiming, "tokenTimes" | "tokenNonEmpty">): number | null {
  const i = t.tokenNonEmpty.findIndex((nonEmpty) => nonEmpty);
  return i === -1 ? null : t.tokenTimes[i];
}

export function generationMetrics(
  timing: GenerationTiming,
  text: string,
  extra: Partial<
    Pick<
      GenerationMetrics,
      "loadMs" | "peakRssBytes" | "idleRssBytes" | "baseRssBytes" | "estimateBytes" | "embedMs" | "retrievalMs"
    >
  > = {},
): GenerationMetrics {
  const ttft = timeToFirstToken(timing);
  const n = timing.tokenTimes.length;
  const firstIndex = timing.tokenNonEmpty.findIndex((x) => x);
  // Decode figures count the tokens after the first visible one, over the time after it.
  const decodeTokens = firstIndex === -1 ? 0 : n - 1 - firstIndex;
  const decodeMs = ttft === null ? 0 : timing.totalMs - ttft;
  const gaps = timing.tokenTimes.slice(1).map((t, i) => t - timing.tokenTimes[i]);
  const words = countWords(text);
  const prefilled = Math.max(0, timing.promptTokens - 1);
  return {
    loadMs: extra.loadMs ?? null,
    ttftMs: ttft,
    promptTokens: timing.promptTokens,
    promptMs: timing.promptMs,
    promptTokensPerSecond: timing.promptMs > 0 && prefilled > 0 ? (prefilled / timing.promptMs) * 1000 : null,
    outputTokens: n,
    generationTokensPerSecond: decodeTokens > 0 && decodeMs > 0 ? (decodeTokens / decodeMs) * 1000 : null,
    tpotMs: decodeTokens > 0 ? decodeMs / decodeTokens : null,
    interTokenP50Ms: percentile(gaps, 50),
    interTokenP90Ms: percentile(gaps, 90),
    interTokenP99Ms: percentile(gaps, 99),
    endToEndMs: timing.totalMs,
    words,
    wordsPerSecond: timing.totalMs > 0 ? (words / timing.totalMs) * 1000 : null,
    peakRssBytes: extra.peakRssBytes ?? null,
    idleRssBytes: extra.idleRssBytes ?? null,
    baseRssBytes: extra.baseRssBytes ?? null,
    memoryGrowthBytes:
      extra.peakRssBytes != null && extra.baseRssBytes != null ? extra.peakRssBytes - extra.baseRssBytes : null,
    estimateBytes: extra.estimateBytes ?? null,
    embedMs: extra.embedMs ?? null,
    retrievalMs: extra.retrievalMs ?? null,
  };
}
