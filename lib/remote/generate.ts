import "server-only";
import { describeFetchError, readCappedText, remoteHeaders, RemoteError } from "./client";
import type { Endpoint } from "./endpoints";
import { MalformedStreamError, sseData } from "./sse-data";
import type { ServerFigures } from "./types";

// One streamed generation on a remote endpoint, timed on this side: every chunk's arrival since the request
// started (TTFT, inter-chunk gaps, end-to-end). Token counts come from the `usage` chunk when the server sends
// it; the server's own timings are returned apart. Sampling matches the local path (node-llama-cpp's defaults:
// top-k 40, top-p 0.95, min-p 0). A stall, refused connection, HTTP error or malformed stream throws a
// RemoteError with the reason; the caller's signal aborts the request at once.

export type RemoteRequest = { prompt: string; maxTokens: number; temperature: number; seed: number; /** Server-specific fields, e.g. llama-server's cache_prompt. */ extra?: Record<string, unknown> };
export type RemoteResult = {
  text: string;
  tokenTimes: number[];
  tokenNonEmpty: boolean[];
  totalMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  stopReason: "eogToken" | "maxTokens" | "abort" | string;
  server: ServerFigures | null;
};

type Chunk = {
  choices?: { text?: string; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  timings?: { prompt_n?: number; prompt_ms?: number; prompt_per_second?: number; predicted_n?: number; predicted_ms?: number; predicted_per_second?: number };
  error?: { message?: string };
};

function requestBody(endpoint: Endpoint, modelId: string, req: RemoteRequest) {
  const sampling = { ...req.extra, model: modelId, max_tokens: req.maxTokens, temperature: req.temperature, seed: req.seed, top_k: 40, top_p: 0.95, min_p: 0, stream: true, stream_options: { include_usage: true } };
  return endpoint.api === "chat" ? { ...sampling, messages: [{ role: "user", content: req.prompt }] } : { ...sampling, prompt: req.prompt };
}

function serverFigures(t: Chunk["timings"]): ServerFigures | null {
  if (!t) return null;
  return { source: "llama-server timings", promptTokens: t.prompt_n, promptMs: t.prompt_ms, promptPerSecond: t.prompt_per_second, predictedTokens: t.predicted_n, predictedMs: t.predicted_ms, predictedPerSecond: t.predicted_per_second };
}

const STOP_REASONS: Record<string, string> = { stop: "eogToken", length: "maxTokens" };

export async function remoteGenerate(endpoint: Endpoint, modelId: string, req: RemoteRequest, opts: { signal: AbortSignal; stallMs: number; onChunk?: (text: string, t: number) => void }): Promise<RemoteResult> {
  const path = endpoint.api === "chat" ? "/v1/chat/completions" : "/v1/completions";
  const stall = new AbortController();
  let timer = setTimeout(() => stall.abort(), opts.stallMs);
  const rearm = () => { clearTimeout(timer); timer = setTimeout(() => stall.abort(), opts.stallMs); };
  const signal = AbortSignal.any([opts.signal, stall.signal]);
  const started = performance.now();
  const out: RemoteResult = { text: "", tokenTimes: [], tokenNonEmpty: [], totalMs: 0, promptTokens: null, completionTokens: null, stopReason: "abort", server: null };
  const stallMessage = () => `${endpoint.baseUrl} sent nothing for ${opts.stallMs / 1000} s; the answer was given up.`;
  try {
    let res: Response;
    try {
      res = await fetch(`${endpoint.baseUrl}${path}`, { method: "POST", headers: remoteHeaders(endpoint, { "content-type": "application/json", accept: "text/event-stream" }), body: JSON.stringify(requestBody(endpoint, modelId, req)), signal, redirect: "error" });
    } catch (err) {
      if (opts.signal.aborted) return { ...out, totalMs: performance.now() - started };
      throw new RemoteError(stall.signal.aborted ? stallMessage() : describeFetchError(err, endpoint.baseUrl, opts.stallMs), { cause: err });
    }
    if (!res.ok || !res.body) {
      const detail = (await readCappedText(res, 64_000, path).catch(() => "")).slice(0, 300).replace(/\s+/g, " ").trim();
      throw new RemoteError(`${endpoint.baseUrl}${path} answered HTTP ${res.status}${detail ? `: ${detail}` : ""}.`);
    }
    let finished = false;
    try {
      for await (const data of sseData(res.body)) {
        rearm();
        if (data === "[DONE]") { finished = true; break; }
        let chunk: Chunk;
        try {
          chunk = JSON.parse(data) as Chunk;
        } catch {
          throw new MalformedStreamError(`a chunk was not JSON: ${data.slice(0, 80)}`);
        }
        if (chunk.error) throw new RemoteError(`${endpoint.baseUrl} reported an error mid-answer: ${String(chunk.error.message ?? "unknown").slice(0, 300)}`);
        const choice = chunk.choices?.[0];
        const text = choice ? (endpoint.api === "chat" ? choice.delta?.content ?? "" : choice.text ?? "") : "";
        if (typeof text !== "string") throw new MalformedStreamError("a chunk's text was not a string");
        if (choice && (text || !choice.finish_reason)) {
          const t = performance.now() - started;
          out.tokenTimes.push(t);
          out.tokenNonEmpty.push(text.length > 0);
          out.text += text;
          if (text) opts.onChunk?.(text, t);
        }
        if (choice?.finish_reason) out.stopReason = STOP_REASONS[choice.finish_reason] ?? choice.finish_reason;
        if (chunk.usage) { out.promptTokens = chunk.usage.prompt_tokens ?? null; out.completionTokens = chunk.usage.completion_tokens ?? null; }
        if (chunk.timings) out.server = serverFigures(chunk.timings);
      }
    } catch (err) {
      if (opts.signal.aborted) return { ...out, stopReason: "abort", totalMs: performance.now() - started };
      if (stall.signal.aborted) throw new RemoteError(stallMessage(), { cause: err });
      if (err instanceof MalformedStreamError) throw new RemoteError(`${endpoint.baseUrl} sent a malformed stream: ${err.message}.`, { cause: err });
      if (err instanceof RemoteError) throw err;
      throw new RemoteError(`${endpoint.baseUrl} broke off the stream: ${(err as Error).message}`, { cause: err });
    }
    if (opts.signal.aborted) return { ...out, stopReason: "abort", totalMs: performance.now() - started };
    if (!finished && out.stopReason === "abort") throw new RemoteError(`${endpoint.baseUrl} ended the stream before the answer was finished.`);
    // [DONE] without a finish_reason: the server ended the answer without saying why.
    if (out.stopReason === "abort") out.stopReason = "done";
    out.totalMs = performance.now() - started;
    return out;
  } finally {
    clearTimeout(timer);
  }
}
