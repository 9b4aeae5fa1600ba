import "server-only";
import { localEntry } from "../../backends/local-entry";
import { env } from "../../env";
import { findModel, listModels } from "../../models/inventory";
import { ModelWorker } from "../../models/worker/model-worker";
import { RemoteError } from "../../remote/client";
import { onThisMachine } from "../../remote/concurrency";
import { findEndpoint, type Endpoint } from "../../remote/endpoints";
import { remoteGenerate } from "../../remote/generate";
import { parseRemoteRef } from "../../remote/types";
import { gpuOf, promptFormatOf } from "../../runs/run-options";
import type { RunSettings } from "../../runs/settings";
import type { ServerContext } from "../../server-context";

// A judge model, local or remote, asked one prompt at a time at temperature 0 with its reply constrained to a
// JSON schema where the server can:
//   local file      node-llama-cpp's JSON-schema grammar, in a worker process of its own;
//   chat endpoint   `response_format: {type: "json_schema"}` (OpenAI, llama-server, vLLM, Ollama);
//   completions     `json_schema` (llama-server) and `guided_json` (vLLM), which other servers ignore.
// An endpoint that refuses the constraint (HTTP 4xx on the first constrained request) is asked again without
// it, and the job goes on unconstrained: its replies are then parsed tolerantly, and the parse rate says how
// that went. The endpoint's key stays on the server: errors pass RemoteError's redaction.

export type JudgeAsk = { prompt: string; schema: Record<string, unknown>; maxTokens: number; seed: number };
export type JudgeReply = { text: string; ms: number; promptTokens: number | null; completionTokens: number | null };
export type Constraint = "grammar" | "json_schema" | "none";

export type OpenJudge = {
  ask: (ask: JudgeAsk, signal: AbortSignal) => Promise<JudgeReply>;
  /** How many asks may be in flight at once: 1, or more for an endpoint on another host that opted in. */
  parallel: number;
  /** How its replies are constrained (known after the first ask for an endpoint). */
  constraint: () => Constraint;
  close: () => Promise<void>;
};

/** Requests in flight to a concurrent endpoint on another host. */
export const REMOTE_JUDGE_PARALLEL = 4;

export class JudgeUnavailableError extends Error {}

export async function openJudge(
  ctx: ServerContext,
  judge: string,
  settings: RunSettings,
  signal: AbortSignal,
): Promise<OpenJudge> {
  const ref = parseRemoteRef(judge);
  if (ref) {
    const endpoint = await findEndpoint(ctx.db, ref.endpointId);
    if (!endpoint)
      throw new JudgeUnavailableError(
        `The endpoint of ${judge} is no longer configured. Add it again on the Models page.`,
      );
    return remoteJudge(endpoint, ref.modelId, ctx.limits?.stallMs ?? env().workerStallSeconds * 1000);
  }
  // Looked up again now: the file may have gone from its store since the judge was queued.
  const entry = localEntry({ model: judge, entry: findModel(await listModels(ctx.db, ctx), judge) });
  const worker = await ModelWorker.start({ signal });
  try {
    await worker.load(
      entry.path,
      { contextSize: Math.max(settings.contextSize, 2048), threads: settings.threads, gpu: gpuOf(settings) },
      signal,
    );
  } catch (err) {
    if (worker.alive) await worker.stop();
    throw err;
  }
  return {
    parallel: 1,
    constraint: () => "grammar",
    async ask({ prompt, schema, maxTokens, seed }, askSignal) {
      const r = await worker.generate(
        // The judge is prompted as the run's models were: in its own chat template, or raw.
        { prompt, format: promptFormatOf(settings), maxTokens, temperature: 0, seed, jsonSchema: schema },
        { signal: askSignal },
      );
      return { text: r.text, ms: r.totalMs, promptTokens: r.promptTokens, completionTokens: r.outputTokens };
    },
    close: async () => {
      if (worker.alive) await worker.stop();
    },
  };
}

/** Fields that ask the endpoint to keep its reply to the schema. */
function constraintFields(endpoint: Endpoint, schema: Record<string, unknown>): Record<string, unknown> {
  return endpoint.api === "chat"
    ? { response_format: { type: "json_schema", json_schema: { name: "judgement", strict: true, schema } } }
    : { json_schema: schema, guided_json: schema };
}

const REFUSED_CONSTRAINT = /answered HTTP 4\d\d/;

function remoteJudge(endpoint: Endpoint, modelId: string, stallMs: number): OpenJudge {
  let constraint: Constraint | null = null;
  const send = async (ask: JudgeAsk, signal: AbortSignal, constrained: boolean) => {
    const started = performance.now();
    const r = await remoteGenerate(
      endpoint,
      modelId,
      {
        prompt: ask.prompt,
        maxTokens: ask.maxTokens,
        temperature: 0,
        seed: ask.seed,
        extra: constrained ? constraintFields(endpoint, ask.schema) : undefined,
      },
      { signal, stallMs },
    );
    if (r.stopReason === "abort") throw new RemoteError("The judge was stopped.", { apiKey: endpoint.apiKey });
    return {
      // A server that echoes the request's key back does not get it stored or shown.
      text: endpoint.apiKey ? r.text.split(endpoint.apiKey).join("[the endpoint's key]") : r.text,
      ms: performance.now() - started,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
    };
  };
  return {
    parallel: endpoint.concurrent && !onThisMachine(endpoint.baseUrl) ? REMOTE_JUDGE_PARALLEL : 1,
    constraint: () => constraint ?? "json_schema",
    async ask(ask, signal) {
      if (constraint === "none") return send(ask, signal, false);
      try {
        const reply = await send(ask, signal, true);
        constraint = "json_schema";
        return reply;
      } catch (err) {
        // Refused once with the constraint and never accepted it: the server does not take it.
        if (constraint === null && err instanceof RemoteError && REFUSED_CONSTRAINT.test(err.message)) {
          const reply = await send(ask, signal, false);
          constraint = "none";
          return reply;
        }
        throw err;
      }
    },
    close: async () => {},
  };
}
