import "server-only";
import type { RunQuestion } from "../db/schema";
import type { CellKey } from "../runs/cell-key";
import { emitRunEvent } from "../runs/events";
import type { CellValues, ModelRunCtx } from "../runs/run-model";
import { storableText } from "../datasets/storable-text";
import { RemoteError } from "./client";
import { findEndpoint } from "./endpoints";
import { remoteGenerate } from "./generate";
import { remoteMetrics } from "./remote-metrics";
import { kvCacheUsage, serverProps } from "./server-info";
import { parseRemoteRef } from "./types";

// A remote model's share of a run: the same cells, prompts and settings as a local model, sent to its endpoint
// one after another. A failure (refused, HTTP error, stall, malformed stream) fails that cell with its reason;
// after a connection-level failure the remaining cells fail at once with the same reason rather than each
// waiting for its own time-out. Cancel ends the request at once (its body reader is cancelled: lib/remote/watch.ts),
// also while /props or /metrics are being asked.

type Store = (ctx: ModelRunCtx, cell: CellKey, values: CellValues) => Promise<void>;
type FailCells = (ctx: ModelRunCtx, model: string, repetition: number, questions: RunQuestion[], error: string) => Promise<void>;

export async function runRemoteModel(ctx: ModelRunCtx, model: string, repetition: number, todo: RunQuestion[], io: { store: Store; failCells: FailCells }): Promise<void> {
  const ref = parseRemoteRef(model);
  const endpoint = ref && (await findEndpoint(ctx.db, ref.endpointId));
  if (!ref || !endpoint) {
    return io.failCells(ctx, model, repetition, todo, `The endpoint of ${model} is no longer configured. Add it again on the Models page.`);
  }
  const { settings, signal } = ctx;
  // The local path clears its cache before every answer; llama-server (the one that answers /props) would reuse
  // the shared prompt prefix across questions unless told not to. Other servers get only standard fields.
  const extra = (await serverProps(endpoint, { signal })) ? { cache_prompt: false } : undefined;
  emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "loaded" });
  let first = true;
  for (const q of todo) {
    if (signal.aborted) break;
    const cell = { questionId: q.id, model, repetition };
    emitRunEvent(ctx.runId, { type: "cell", cell, cold: first });
    emitRunEvent(ctx.runId, { type: "phase", cell, phase: "prefilling" });
    let partial = "";
    let generating = false;
    try {
      const result = await remoteGenerate(endpoint, ref.modelId, { prompt: q.prompt, maxTokens: settings.maxTokens, temperature: settings.temperature, seed: settings.seed, extra }, {
        signal, stallMs: ctx.stallMs,
        onChunk: (text, t) => {
          if (!generating) { generating = true; emitRunEvent(ctx.runId, { type: "phase", cell, phase: "generating" }); }
          emitRunEvent(ctx.runId, { type: "token", cell, offset: partial.length, text, t, at: Date.now() });
          partial += text;
        },
      });
      const metrics = remoteMetrics(result, { embedMs: q.embedMs, retrievalMs: q.retrievalMs });
      const kv = result.stopReason === "abort" ? undefined : await kvCacheUsage(endpoint, { signal });
      const server = result.server || kv !== undefined ? { ...(result.server ?? { source: "/metrics" }), ...(kv !== undefined ? { kvCacheUsageRatio: kv } : {}) } : null;
      const status = result.stopReason === "abort" ? "cancelled" : "ok";
      await io.store(ctx, cell, { cold: first, status, answer: result.text, tokenTimes: result.tokenTimes, metrics, stopReason: result.stopReason, server });
    } catch (err) {
      // Not a RemoteError: still passes its gate (cleaned, redacted), as any text about a remote failure must.
      const message = err instanceof RemoteError ? err.message : new RemoteError(`The remote answer failed: ${(err as Error).message}`, { apiKey: endpoint.apiKey }).message;
      // `partial` holds what streamed (within the answer's caps), made storable as the finished answer is.
      if (signal.aborted) await io.store(ctx, cell, { cold: first, status: "cancelled", answer: storableText(partial), stopReason: "abort" });
      else await io.store(ctx, cell, { cold: first, status: "failed", answer: storableText(partial), error: message });
      if (!signal.aborted && /refused|could not be found|could not be reached/.test(message)) {
        emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "failed", error: message });
        await io.failCells(ctx, model, repetition, todo, message); // it skips the cells already stored
        break;
      }
    }
    first = false;
  }
  emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "unloaded" });
}
