import "server-only";
import { insertGeneration } from "../db/queries/runs";
import type { RunQuestion } from "../db/schema";
import { backendFor } from "../backends/registry";
import { CannotRunError, type BackendContext, type OpenModel } from "../backends/types";
import { storableText } from "../datasets/storable-text";
import type { ModelEntry } from "../models/inventory";
import { startLoadSampler } from "../system/load";
import { cellId, type CellKey } from "./cell-key";
import { toGenerationView } from "./detail";
import { emitRunEvent } from "./events";

// The one cell loop: one model's share of a run, its cells one after another, whatever answers them (a backend
// from lib/backends/: a node-llama-cpp worker, a managed llama-server, a remote endpoint). It owns the steps of a
// cell: events, the partial answer, storing it as ok, cancelled or failed, and the machine's load while it ran.
// The backend is always closed when this ends (try/finally); a backend whose process died fails that cell only,
// and a fresh one takes the next.

/** What the backend gets, and the cell loop's own bookkeeping. */
export type ModelRunCtx = BackendContext & {
  runId: string;
  /** Cells already stored; each cell stored here is added. */
  stored: Set<string>;
  /** Called after each stored cell. */
  onStored: () => Promise<void>;
};

export type CellValues = Omit<Parameters<typeof insertGeneration>[1], "runId" | "model" | "repetition" | "questionId">;

async function store(ctx: ModelRunCtx, cell: CellKey, values: CellValues): Promise<void> {
  const row = await insertGeneration(ctx.db, {
    ...values,
    runId: ctx.runId,
    model: cell.model,
    repetition: cell.repetition,
    questionId: cell.questionId,
  });
  ctx.stored.add(cellId(cell));
  if (row) emitRunEvent(ctx.runId, { type: "generation", generation: toGenerationView(row) });
  await ctx.onStored();
}

async function failCells(ctx: ModelRunCtx, model: string, repetition: number, questions: RunQuestion[], error: string) {
  emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "failed", error });
  for (const q of questions) {
    const cell = { questionId: q.id, model, repetition };
    if (!ctx.stored.has(cellId(cell))) await store(ctx, cell, { status: "failed", error, cold: false });
  }
}

/** One cell; returns what its failure (if any) means for the next ones. */
async function runCell(
  ctx: ModelRunCtx,
  open: OpenModel,
  q: RunQuestion,
  cell: CellKey,
  cold: boolean,
): Promise<"continue" | "reopen" | { giveUp: string }> {
  const { signal } = ctx;
  emitRunEvent(ctx.runId, { type: "cell", cell, cold });
  let partial = "";
  const sampler = startLoadSampler();
  try {
    const answer = await open.generate(q, cold, {
      signal,
      onPhase: (phase) => emitRunEvent(ctx.runId, { type: "phase", cell, phase }),
      onText: (text, t, at) => {
        emitRunEvent(ctx.runId, { type: "token", cell, offset: partial.length, text, t, at });
        partial += text;
      },
    });
    const status = answer.stopReason === "abort" ? "cancelled" : "ok";
    await store(ctx, cell, {
      cold,
      status,
      answer: answer.text,
      tokenTimes: answer.tokenTimes,
      metrics: answer.metrics,
      load: sampler.stop(),
      stopReason: answer.stopReason,
      server: answer.server ?? null,
      prompt: answer.prompt ?? null,
      promptFormat: answer.promptFormat ?? null,
    });
    return "continue";
  } catch (err) {
    // `partial` holds what streamed (within a remote answer's caps), made storable as a finished answer is.
    if (signal.aborted) {
      // Cancelled, and the backend did not stop in time (a worker killed): keep what it streamed.
      await store(ctx, cell, { cold, status: "cancelled", answer: storableText(partial), stopReason: "abort" });
      return "continue";
    }
    const message = open.describeFailure(err);
    await store(ctx, cell, { cold, status: "failed", answer: storableText(partial), error: message });
    const after = open.afterFailure(err);
    if (after.next === "reopen")
      emitRunEvent(ctx.runId, {
        type: "model",
        model: cell.model,
        repetition: cell.repetition,
        state: "failed",
        error: message,
      });
    return after.next === "give-up" ? { giveUp: message } : after.next;
  }
}

/** Runs `todo` (this model's missing cells of one repetition) to the end, or until the run is cancelled. */
export async function runModel(
  ctx: ModelRunCtx,
  model: string,
  repetition: number,
  entry: ModelEntry | undefined,
  todo: RunQuestion[],
): Promise<void> {
  const backend = backendFor(model, ctx.settings);
  let open: OpenModel | null = null;
  let cold = true;
  try {
    for (const q of todo) {
      if (ctx.signal.aborted) break;
      if (!open) {
        emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "loading" });
        try {
          open = await backend.open(ctx, { model, entry });
          cold = true;
          emitRunEvent(ctx.runId, {
            type: "model",
            model,
            repetition,
            state: "loaded",
            loadMs: open.loadMs,
            pid: open.pid,
          });
        } catch (err) {
          if (ctx.signal.aborted) break;
          const reason =
            err instanceof CannotRunError ? err.message : `The model could not be loaded: ${(err as Error).message}`;
          await failCells(ctx, model, repetition, todo, reason);
          break;
        }
      }
      const outcome = await runCell(ctx, open, q, { questionId: q.id, model, repetition }, cold);
      cold = false;
      if (outcome === "reopen") {
        await open.close();
        open = null; // a fresh process for the next question
      } else if (outcome !== "continue") {
        await failCells(ctx, model, repetition, todo, outcome.giveUp); // it skips the cells already stored
        break;
      }
    }
  } finally {
    const last = open as OpenModel | null;
    if (last) {
      await last.close();
      emitRunEvent(ctx.runId, { type: "model", model, repetition, state: "unloaded" });
    }
  }
}
