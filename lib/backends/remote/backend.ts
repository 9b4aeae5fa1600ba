import "server-only";
import { RemoteError } from "../../remote/client";
import { findEndpoint, type Endpoint } from "../../remote/endpoints";
import { remoteGenerate } from "../../remote/generate";
import { templateLabelStops } from "../../runs/label-stops";
import { remoteMetrics } from "../../remote/remote-metrics";
import { kvCacheUsage, serverProps } from "../../remote/server-info";
import { parseRemoteRef } from "../../remote/types";
import {
  CannotRunError,
  type BackendContext,
  type CellBackend,
  type CellAnswer,
  type CellStreams,
  type OpenModel,
} from "../types";
import type { RunQuestion } from "../../db/schema";
import type { PromptFormat } from "../../runs/run-options";

// A model on an OpenAI-compatible endpoint (`remote:<endpoint>/<model>`): the same prompts and settings, sent over
// HTTP one after another. A failure (refused, HTTP error, stall, malformed stream) fails that cell with its
// reason; after a connection-level failure the remaining cells fail at once rather than each waiting for its own
// time-out. Cancel ends the request at once (its body reader is cancelled: lib/remote/watch.ts).

/** Failures that mean nobody is there to answer the next cell either. */
const CONNECTION_LOST = /refused|could not be found|could not be reached/;

export const remoteBackend: CellBackend = {
  async open(ctx, { model }) {
    const ref = parseRemoteRef(model);
    const endpoint = ref && (await findEndpoint(ctx.db, ref.endpointId));
    if (!ref || !endpoint)
      throw new CannotRunError(`The endpoint of ${model} is no longer configured. Add it again on the Models page.`);
    // The local path clears its cache before every answer; llama-server (the one that answers /props) would reuse
    // the shared prompt prefix across questions unless told not to. Other servers get only standard fields.
    const extra = (await serverProps(endpoint, { signal: ctx.signal })) ? { cache_prompt: false } : undefined;
    return endpointModel(endpoint, ref.modelId, ctx, extra);
  },
};

/** Answers from `modelId` on `endpoint`; also used by engines that start their own OpenAI-compatible server. */
export function endpointModel(
  endpoint: Endpoint,
  modelId: string,
  ctx: Pick<BackendContext, "settings" | "stallMs">,
  extra: Record<string, unknown> | undefined,
  more: {
    loadMs?: number;
    pid?: number;
    figures?: (q: RunQuestion, cold: boolean, answer: CellAnswer) => CellAnswer;
    /** The text to send for a question, and its format; by default the run's prompt as it is. */
    promptFor?: (q: RunQuestion, signal: AbortSignal) => Promise<{ prompt: string; format: PromptFormat }>;
  } = {},
): OpenModel {
  const { settings } = ctx;
  // Not a RemoteError: still passes its gate (cleaned, redacted), as any text about a remote failure must.
  const describe = (err: unknown) =>
    err instanceof RemoteError
      ? err.message
      : new RemoteError(`The remote answer failed: ${(err as Error).message}`, { apiKey: endpoint.apiKey }).message;
  return {
    loadMs: more.loadMs,
    pid: more.pid,
    async generate(q: RunQuestion, cold: boolean, streams: CellStreams) {
      streams.onPhase("prefilling");
      // A chat endpoint applies the model's template on its side: what Lineup knows is the user's turn it sent.
      const asked = (await more.promptFor?.(q, streams.signal)) ?? {
        prompt: q.prompt,
        format: endpoint.api === "chat" ? ("chat" as const) : ("raw" as const),
      };
      // The answer stops where it starts a new exchange of the prompt's form, as the local worker's does: sent to
      // completions endpoints (a raw prompt, or llama-server's with the template applied), not to chat APIs, some
      // of which refuse a stop parameter.
      const stop = endpoint.api === "completions" ? templateLabelStops(settings.promptTemplate) : [];
      let generating = false;
      const result = await remoteGenerate(
        endpoint,
        modelId,
        {
          prompt: asked.prompt,
          maxTokens: settings.maxTokens,
          temperature: settings.temperature,
          seed: settings.seed,
          extra: stop.length ? { ...extra, stop } : extra,
        },
        {
          signal: streams.signal,
          stallMs: ctx.stallMs,
          onChunk: (text, t) => {
            if (!generating) {
              generating = true;
              streams.onPhase("generating");
            }
            streams.onText(text, t, Date.now());
          },
        },
      );
      const metrics = remoteMetrics(result, { embedMs: q.embedMs, retrievalMs: q.retrievalMs });
      const kv = result.stopReason === "abort" ? undefined : await kvCacheUsage(endpoint, { signal: streams.signal });
      const server =
        result.server || kv !== undefined
          ? { ...(result.server ?? { source: "/metrics" }), ...(kv !== undefined ? { kvCacheUsageRatio: kv } : {}) }
          : null;
      const answer: CellAnswer = {
        text: result.text,
        stopReason: result.stopReason,
        tokenTimes: result.tokenTimes,
        metrics,
        server,
        prompt: asked.prompt,
        promptFormat: asked.format,
      };
      return more.figures ? more.figures(q, cold, answer) : answer;
    },
    describeFailure: describe,
    afterFailure: (err) => (CONNECTION_LOST.test(describe(err)) ? { next: "give-up" } : { next: "continue" }),
    close: async () => {},
  };
}
