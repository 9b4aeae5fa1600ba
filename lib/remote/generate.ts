import "server-only";
import { storableText } from "../datasets/storable-text";
import { describeFetchError, readCappedText, remoteHeaders, RemoteError } from "./client";
import type { Endpoint } from "./endpoints";
import { answerCaps, type AnswerCaps } from "./answer-caps";
import { MAX_TOKENS_REPORTED, numberIn, serverFiguresFromTimings } from "./remote-numbers";
import { remoteText, StreamingKeyRedactor } from "./remote-text";
import { MalformedStreamError, sseData } from "./sse-data";
import type { ServerFigures } from "./types";
import { GiveUpError, Watch } from "./watch";

// One streamed generation on a remote endpoint, timed on this side: every chunk's arrival since the request
// started (TTFT, inter-chunk gaps, end-to-end). Token counts come from the `usage` chunk when the server sends
// it; the server's own timings are returned apart. Sampling matches the local path (node-llama-cpp's defaults:
// top-k 40, top-p 0.95, min-p 0). A stall, refused connection, HTTP error or malformed stream throws a
// RemoteError with the reason; the caller's signal ends it at once (the reader is cancelled: lib/remote/watch.ts).
// The server is not trusted to stop: the answer is cut at maxTokens and bounded in bytes, chunks and timing
// points (lib/remote/answer-caps.ts), and every number it reports is checked (lib/remote/remote-numbers.ts).

export type RemoteRequest = {
  prompt: string;
  maxTokens: number;
  temperature: number;
  seed: number;
  /** Server-specific fields, e.g. llama-server's cache_prompt. */ extra?: Record<string, unknown>;
};
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

type Choice = { text?: unknown; delta?: { content?: unknown } | null; finish_reason?: unknown };
type Chunk = {
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  timings?: unknown;
  error?: unknown;
};

function requestBody(endpoint: Endpoint, modelId: string, req: RemoteRequest) {
  const sampling = {
    ...req.extra,
    model: modelId,
    max_tokens: req.maxTokens,
    temperature: req.temperature,
    seed: req.seed,
    top_k: 40,
    top_p: 0.95,
    min_p: 0,
    stream: true,
    stream_options: { include_usage: true },
  };
  return endpoint.api === "chat"
    ? { ...sampling, messages: [{ role: "user", content: req.prompt }] }
    : { ...sampling, prompt: req.prompt };
}

const STOP_REASONS: Record<string, string> = { stop: "eogToken", length: "maxTokens" };

/** The answer outgrew its byte or chunk cap: the server ignored max_tokens (or is hostile). */
export class OversizeAnswerError extends RemoteError {}

/** The state of one answer as its chunks arrive; `take` applies the caps. */
class Answer {
  readonly out: RemoteResult = {
    text: "",
    tokenTimes: [],
    tokenNonEmpty: [],
    totalMs: 0,
    promptTokens: null,
    completionTokens: null,
    stopReason: "abort",
    server: null,
  };
  private textChunks = 0;
  private textBytes = 0;
  private chunks = 0;
  private usageTokens = 0;
  private readonly redactor: StreamingKeyRedactor;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly caps: AnswerCaps,
    private readonly started: number,
    private readonly onChunk?: (text: string, t: number) => void,
  ) {
    // A server may quote the key in the answer itself, which is stored and shared: it is taken out as it streams.
    this.redactor = new StreamingKeyRedactor(endpoint.apiKey);
  }

  /** Shows answer text: appended to the answer and streamed. */
  private show(text: string, t: number): void {
    if (!text) return;
    this.out.text += text;
    this.onChunk?.(text, t);
  }

  /** The answer ended (finished, cut or cancelled): text held back in case it began the key is shown. */
  end(): void {
    this.show(this.redactor.flush(), performance.now() - this.started);
  }

  /** Counts one event against the chunk cap. */
  count(): void {
    if (++this.chunks > this.caps.maxChunks)
      throw new OversizeAnswerError(
        `${this.endpoint.baseUrl} sent more than ${this.caps.maxChunks} chunks for an answer of at most ${this.caps.maxTokens} tokens; it was cut there (the server does not respect max_tokens).`,
      );
  }

  /** Takes one parsed chunk; "cut" when the answer reached maxTokens, "progress" when it carried part of the answer. */
  take(chunk: Chunk): "cut" | "progress" | "idle" {
    if (chunk.error) {
      const e = chunk.error as { message?: unknown };
      throw new RemoteError(
        `${this.endpoint.baseUrl} reported an error mid-answer: ${remoteText(typeof e === "object" && e.message !== undefined ? e.message : e, { apiKey: this.endpoint.apiKey, max: 300 })}`,
        { apiKey: this.endpoint.apiKey },
      );
    }
    const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as Choice | undefined;
    const raw = choice ? (this.endpoint.api === "chat" ? (choice.delta?.content ?? "") : (choice.text ?? "")) : "";
    if (typeof raw !== "string") throw new MalformedStreamError("a chunk's text was not a string");
    const finish = typeof choice?.finish_reason === "string" && choice.finish_reason ? choice.finish_reason : null;
    if (raw) {
      // Counted from usage when the server sends it per chunk (vLLM packs several tokens in one), else chunks;
      // checked before this chunk's usage is read, as that usage counts this chunk's own tokens.
      if (Math.max(this.textChunks, this.usageTokens) >= this.caps.maxTokens) return "cut";
      this.textBytes += Buffer.byteLength(raw);
      if (this.textBytes > this.caps.maxTextBytes)
        throw new OversizeAnswerError(
          `${this.endpoint.baseUrl} sent more than ${Math.round(this.caps.maxTextBytes / 1024)} KB of text for an answer of at most ${this.caps.maxTokens} tokens; it was cut there (the server does not respect max_tokens).`,
        );
      this.textChunks++;
    }
    if (choice && (raw || !finish)) {
      const t = performance.now() - this.started;
      if (this.out.tokenTimes.length < this.caps.maxTimingPoints) {
        this.out.tokenTimes.push(t);
        this.out.tokenNonEmpty.push(raw.length > 0);
      }
      this.show(this.redactor.push(raw), t);
    }
    if (finish) this.out.stopReason = STOP_REASONS[finish] ?? remoteText(finish, { max: 40 });
    const usage = chunk.usage && typeof chunk.usage === "object" ? chunk.usage : null;
    if (usage) {
      this.out.promptTokens = numberIn(usage.prompt_tokens, 0, MAX_TOKENS_REPORTED, true) ?? null;
      // More than was asked for is not a count to trust: the figures then come from the chunks.
      this.out.completionTokens = numberIn(usage.completion_tokens, 0, this.caps.maxTokens, true) ?? null;
      this.usageTokens = Math.max(
        this.usageTokens,
        numberIn(usage.completion_tokens, 0, MAX_TOKENS_REPORTED, true) ?? 0,
      );
    }
    if (chunk.timings) this.out.server = serverFiguresFromTimings(chunk.timings);
    return raw || finish || usage || chunk.timings ? "progress" : "idle";
  }
}

export async function remoteGenerate(
  endpoint: Endpoint,
  modelId: string,
  req: RemoteRequest,
  opts: { signal: AbortSignal; stallMs: number; onChunk?: (text: string, t: number) => void },
): Promise<RemoteResult> {
  const path = endpoint.api === "chat" ? "/v1/chat/completions" : "/v1/completions";
  const base = endpoint.baseUrl;
  const apiKey = endpoint.apiKey;
  // One deadline, moved on by each chunk that carries part of the answer: headers, body reads and cancel all race it.
  const watch = new Watch(opts.stallMs, opts.signal);
  const started = performance.now();
  const answer = new Answer(endpoint, answerCaps(req.maxTokens), started, opts.onChunk);
  const out = answer.out;
  const ended = (stopReason: string): RemoteResult => {
    answer.end();
    return { ...out, text: storableText(out.text), stopReason, totalMs: performance.now() - started };
  };
  const stallMessage = () =>
    `${base} sent nothing for ${opts.stallMs / 1000} s (keep-alive comments do not count); the answer was given up.`;
  const given = (err: unknown) =>
    err instanceof GiveUpError ? (err.why === "cancel" ? "cancel" : "stall") : opts.signal.aborted ? "cancel" : null;
  let res: Response;
  try {
    res = await watch.fetch(`${base}${path}`, {
      method: "POST",
      headers: remoteHeaders(endpoint, { "content-type": "application/json", accept: "text/event-stream" }),
      body: JSON.stringify(requestBody(endpoint, modelId, req)),
      redirect: "error",
    });
  } catch (err) {
    if (given(err) === "cancel") return ended("abort");
    throw new RemoteError(given(err) === "stall" ? stallMessage() : describeFetchError(err, base, opts.stallMs), {
      cause: err,
      apiKey,
    });
  }
  if (!res.ok || !res.body) {
    const body = await readCappedText(res.body && watch.body(res.body), 64_000, path).catch(() => "");
    if (opts.signal.aborted) return ended("abort");
    const detail = remoteText(body.replace(/\s+/g, " ").trim(), { apiKey, max: 300 });
    throw new RemoteError(`${base}${path} answered HTTP ${res.status}${detail ? `: ${detail}` : ""}.`, { apiKey });
  }
  let finished = false;
  try {
    for await (const data of sseData(watch.body(res.body))) {
      answer.count();
      if (!data.trim()) continue; // an empty event is a keep-alive too
      if (data === "[DONE]") {
        finished = true;
        break;
      }
      let chunk: Chunk;
      try {
        chunk = JSON.parse(data) as Chunk;
      } catch {
        throw new MalformedStreamError(`a chunk was not JSON: ${remoteText(data, { apiKey, max: 80 })}`);
      }
      if (!chunk || typeof chunk !== "object") throw new MalformedStreamError("a chunk was not a JSON object");
      const taken = answer.take(chunk);
      if (taken === "cut") {
        out.stopReason = "maxTokens";
        finished = true;
        break;
      }
      if (taken === "progress") watch.progress();
    }
  } catch (err) {
    const why = given(err);
    if (why === "cancel") return ended("abort");
    if (why === "stall") throw new RemoteError(stallMessage(), { apiKey });
    // The stream's own text is in these messages, so it passes the RemoteError gate; no raw cause is kept.
    if (err instanceof MalformedStreamError)
      throw new RemoteError(`${base} sent a malformed stream: ${err.message}.`, { apiKey });
    if (err instanceof RemoteError) throw err;
    throw new RemoteError(`${base} broke off the stream: ${(err as Error).message}`, { cause: err, apiKey });
  }
  if (opts.signal.aborted) return ended("abort");
  if (!finished && out.stopReason === "abort")
    throw new RemoteError(`${base} ended the stream before the answer was finished.`, { apiKey });
  // [DONE] without a finish_reason: the server ended the answer without saying why.
  return ended(out.stopReason === "abort" ? "done" : out.stopReason);
}
