import "server-only";
import { findDataset } from "../db/queries/datasets";
import { findRun, generationsOf, updateRun } from "../db/queries/runs";
import type { Run } from "../db/schema";
import { env } from "../env";
import { findModel, listModels, type ModelEntry } from "../models/inventory";
import { scoreRunSafely } from "../quality/score-run";
import { concurrentModels } from "../remote/concurrency";
import type { CancellableContext, RunLimits } from "../server-context";
import { cellId } from "./cell-key";
import { totalCells } from "./detail";
import { buildManifest } from "./manifest";
import { retrieveAll } from "./retrieve";
import { runModel } from "./run-model";
import { modelOrder } from "./settings";
import { announceProgress, markEnded, markRunning } from "./state";
import type { RunManifest } from "./types";
import type { LoadedReport } from "../backends/types";
import { recordLoaded } from "./manifest-runtime";

// Runs one comparison: retrieval once per question (every model gets the same prompt), then each model in
// its own worker, one model at a time, model order rotated per repetition (lib/runs/run-model.ts). Each
// finished cell is committed as it ends, so a restart loses only the cell that was running; a resumed run
// does only what is missing.

export type RunOutcome = "completed" | "failed" | "cancelled" | "stopped";

function limitsOf(deps: CancellableContext): RunLimits {
  const e = env();
  return {
    docCharCap: deps.limits?.docCharCap ?? e.docCharCap,
    stallMs: deps.limits?.stallMs ?? e.workerStallSeconds * 1000,
  };
}

/** The manifest, measured once when the run first starts; the inventory for this start. */
async function prepare(
  run: Run,
  deps: CancellableContext,
): Promise<{ inventory: ModelEntry[]; manifest: RunManifest | null }> {
  const inventory = await listModels(deps.db, deps);
  let manifest = run.manifest;
  const dataset = await findDataset(deps.db, run.settings.datasetId);
  if (!manifest && dataset) {
    manifest = await buildManifest(run.settings, dataset, inventory, deps.db, deps.signal);
    await updateRun(deps.db, run.id, { manifest });
  }
  return { inventory, manifest };
}

/** Every model, every repetition, the cells still missing. */
async function runCells(run: Run, deps: CancellableContext, limits: RunLimits): Promise<void> {
  const { db, signal } = deps;
  const { settings } = run;
  const { inventory, manifest } = await prepare(run, deps);
  const questions = await retrieveAll(run.id, settings, deps, limits.docCharCap);
  const stored = new Set((await generationsOf(db, run.id)).map((g) => cellId(g)));
  const total = totalCells(settings);
  let manifestWrites = Promise.resolve();
  const ctx = {
    db,
    runId: run.id,
    modelsDir: deps.modelsDir,
    settings,
    signal,
    stallMs: limits.stallMs,
    stored,
    onStored: () => announceProgress(db, run.id, stored.size, total),
    // Models in parallel lines report at once: the manifest is written one report at a time.
    onLoaded: (model: string, report: LoadedReport) =>
      (manifestWrites = manifestWrites
        .catch(() => {})
        .then(async () => {
          if (manifest && recordLoaded(manifest, settings, model, report)) await updateRun(db, run.id, { manifest });
        })),
  };
  // Remote models on other hosts that opted in run beside the one-at-a-time chain (lib/remote/concurrency.ts).
  const parallel = await concurrentModels(db, settings.models);
  const one = async (model: string, repetition: number) => {
    if (signal.aborted) return;
    const todo = questions.filter((q) => !stored.has(cellId({ questionId: q.id, model, repetition })));
    if (todo.length) await runModel(ctx, model, repetition, findModel(inventory, model), todo);
  };
  for (let repetition = 0; repetition < settings.repetitions && !signal.aborted; repetition++) {
    const order = modelOrder(settings.models, repetition);
    const chain = async () => {
      for (const model of order.filter((m) => !parallel.has(m))) await one(model, repetition);
    };
    // Settled, not Promise.all: if one line throws (a database write failing), the others still finish their
    // answers before the run is marked failed, instead of writing into a run that has already ended.
    const lines = await Promise.allSettled([chain(), ...[...parallel].map((m) => one(m, repetition))]);
    const broken = lines.find((l): l is PromiseRejectedResult => l.status === "rejected");
    if (broken) throw broken.reason;
  }
}

/** The run's end: cancelled, stopped by a shutdown (left "running" for the next start), failed or completed. */
async function finish(run: Run, deps: CancellableContext): Promise<RunOutcome> {
  const { db, signal } = deps;
  if (signal.aborted) {
    if (signal.reason === "shutdown") return "stopped";
    await markEnded(db, run, "cancelled");
    return "cancelled";
  }
  const all = await generationsOf(db, run.id);
  const everyFailed = all.length > 0 && all.every((g) => g.status === "failed");
  if (everyFailed) {
    await markEnded(db, run, "failed", "Every generation failed; the reasons are on each answer.");
    return "failed";
  }
  // Quality scores before the status changes, so a viewer reloading on "completed" finds them.
  await scoreRunSafely(db, run.id, deps.modelsDir);
  await markEnded(db, run, "completed");
  return "completed";
}

/** Runs (or resumes) a run to its end; returns its final status. */
export async function executeRun(runId: string, deps: CancellableContext): Promise<RunOutcome> {
  const run = await findRun(deps.db, runId);
  if (!run) return "failed";
  await markRunning(deps.db, run);
  try {
    await runCells(run, deps, limitsOf(deps));
  } catch (err) {
    await markEnded(deps.db, run, "failed", `The run stopped: ${(err as Error).message}`);
    return "failed";
  }
  return finish(run, deps);
}
