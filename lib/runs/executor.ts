import type { Db } from "../db/client";
import { findDataset } from "../db/queries/datasets";
import { findRun, generationsOf, insertGeneration, insertQuestion, questionsOf, updateRun } from "../db/queries/runs";
import type { RunQuestion } from "../db/schema";
import { searchDataset } from "../datasets/service";
import { generationMetrics } from "../metrics/generation";
import { estimateMemoryBytes } from "../models/estimate";
import { listModels, type ModelEntry } from "../models/inventory";
import { ModelWorker, WorkerExitedError } from "../models/worker/model-worker";
import { toGenerationView, toQuestionView, totalCells } from "./detail";
import { cellId, emitRunEvent } from "./events";
import { buildManifest } from "./manifest";
import { buildPrompt, modelOrder, type RunSettings } from "./settings";
import type { RunStatus } from "./types";
import path from "node:path";

// Runs one comparison: retrieval once per question (every model gets the same prompt), then each model in
// its own worker, one model at a time, model order rotated per repetition. Each finished cell is committed
// as it ends, so a restart loses only the cell that was running; a resumed run does only what is missing.

export type ExecutorDeps = { db: Db; dataDir: string; modelsDir: string; signal: AbortSignal };

class Progress {
  constructor(readonly runId: string, readonly total: number, public done: number) {}
  status(status: RunStatus, error?: string | null) {
    emitRunEvent(this.runId, { type: "status", status, done: this.done, total: this.total, error });
  }
}

async function retrieveAll(runId: string, settings: RunSettings, deps: ExecutorDeps): Promise<RunQuestion[]> {
  const existing = await questionsOf(deps.db, runId);
  const have = new Set(existing.map((q) => `${q.groupKey}|${q.questionIndex}`));
  for (const group of settings.groups) {
    for (const [questionIndex, question] of settings.questions.entries()) {
      if (deps.signal.aborted) return questionsOf(deps.db, runId);
      if (have.has(`${group}|${questionIndex}`)) continue;
      const result = await searchDataset(deps, { id: settings.datasetId, query: question, group, k: settings.k });
      const row = await insertQuestion(deps.db, {
        runId, groupKey: group, questionIndex, question,
        prompt: buildPrompt(settings.promptTemplate, question, result.hits.map((h) => h.text)),
        documentIds: result.hits.map((h) => h.id), scores: result.hits.map((h) => h.score),
        embedMs: result.embedMs, retrievalMs: result.retrievalMs,
      });
      const texts = new Map(result.hits.map((h) => [h.id, h.text]));
      emitRunEvent(runId, { type: "question", question: toQuestionView(row, (id) => texts.get(id)) });
    }
  }
  return questionsOf(deps.db, runId);
}

type Loaded = { worker: ModelWorker; loadMs: number; baseRssBytes: number; idleRssBytes: number; llamaCpp: string };

async function startModel(runId: string, entry: ModelEntry & { valid: true }, settings: RunSettings, modelsDir: string, repetition: number): Promise<Loaded> {
  emitRunEvent(runId, { type: "model", model: entry.file, repetition, state: "loading" });
  const worker = await ModelWorker.start();
  try {
    const base = await worker.stats();
    const info = await worker.load(path.join(modelsDir, entry.file), { contextSize: settings.contextSize, threads: settings.threads });
    emitRunEvent(runId, { type: "model", model: entry.file, repetition, state: "loaded", loadMs: info.loadMs });
    return { worker, loadMs: info.loadMs, baseRssBytes: base.rssBytes, idleRssBytes: info.idleRssBytes, llamaCpp: info.llamaCpp };
  } catch (err) {
    await worker.stop();
    throw err;
  }
}

/** Runs (or resumes) a run to its end; returns its final status. */
export async function executeRun(runId: string, deps: ExecutorDeps): Promise<"completed" | "failed" | "cancelled" | "stopped"> {
  const { db, signal } = deps;
  const run = (await findRun(db, runId))!;
  const settings = run.settings as unknown as RunSettings;
  const progress = new Progress(runId, totalCells(settings), (await generationsOf(db, runId)).length);
  await updateRun(db, runId, { status: "running", startedAt: run.startedAt ?? new Date(), error: null });
  progress.status("running");

  const inventory = await listModels(db, deps.modelsDir);
  const dataset = await findDataset(db, settings.datasetId);
  let manifest = run.manifest as Awaited<ReturnType<typeof buildManifest>> | null;
  if (!manifest && dataset) {
    manifest = await buildManifest(settings, dataset, inventory);
    await updateRun(db, runId, { manifest });
  }

  try {
    const questions = await retrieveAll(runId, settings, deps);
    const stored = new Set((await generationsOf(db, runId)).map((g) => cellId(g)));

    for (let repetition = 0; repetition < settings.repetitions && !signal.aborted; repetition++) {
      for (const model of modelOrder(settings.models, repetition)) {
        if (signal.aborted) break;
        const todo = questions.filter((q) => !stored.has(cellId({ questionId: q.id, model, repetition })));
        if (todo.length === 0) continue;
        const entry = inventory.find((m) => m.file === model);
        const store = async (values: Omit<Parameters<typeof insertGeneration>[1], "runId" | "model" | "repetition">) => {
          const row = await insertGeneration(db, { ...values, runId, model, repetition });
          stored.add(cellId({ questionId: values.questionId, model, repetition }));
          progress.done++;
          if (row) emitRunEvent(runId, { type: "generation", generation: toGenerationView(row) });
          progress.status("running");
        };
        const failAll = async (cells: RunQuestion[], error: string) => {
          for (const q of cells) await store({ questionId: q.id, status: "failed", error, cold: false });
        };
        if (!entry || !entry.valid) {
          await failAll(todo, entry ? `The model file cannot be used: ${entry.valid ? "" : entry.reason}` : `The model file ${model} is no longer in the models folder.`);
          continue;
        }
        let loaded: Loaded | null = null;
        let cold = true;
        for (const q of todo) {
          if (signal.aborted) break;
          if (!loaded) {
            try {
              loaded = await startModel(runId, entry, settings, deps.modelsDir, repetition);
              cold = true;
              if (manifest && !manifest.versions.llamaCpp) {
                manifest.versions.llamaCpp = loaded.llamaCpp;
                await updateRun(db, runId, { manifest });
              }
            } catch (err) {
              const reason = `The model could not be loaded: ${(err as Error).message}`;
              emitRunEvent(runId, { type: "model", model, repetition, state: "failed", error: reason });
              await failAll(todo.filter((t) => !stored.has(cellId({ questionId: t.id, model, repetition }))), reason);
              break;
            }
          }
          const cell = { questionId: q.id, model, repetition };
          emitRunEvent(runId, { type: "cell", cell, cold });
          let offset = 0;
          try {
            const result = await loaded.worker.generate(
              { prompt: q.prompt, maxTokens: settings.maxTokens, temperature: settings.temperature, seed: settings.seed },
              {
                signal,
                onToken: (t, text, at) => {
                  emitRunEvent(runId, { type: "token", cell, offset, text, t, at });
                  offset += text.length;
                },
              },
            );
            const metrics = generationMetrics(result, result.text, {
              loadMs: cold ? loaded.loadMs : undefined,
              peakRssBytes: result.peakRssBytes, idleRssBytes: result.idleRssBytes, baseRssBytes: loaded.baseRssBytes,
              estimateBytes: estimateMemoryBytes(entry.facts, settings.contextSize), embedMs: q.embedMs, retrievalMs: q.retrievalMs,
            });
            await store({
              questionId: q.id, cold, status: result.stopReason === "abort" ? "cancelled" : "ok", answer: result.text,
              tokenTimes: result.tokenTimes, metrics, stopReason: result.stopReason,
            });
            cold = false;
          } catch (err) {
            const crashed = err instanceof WorkerExitedError;
            await store({ questionId: q.id, cold, status: "failed", error: (err as Error).message });
            if (crashed) {
              emitRunEvent(runId, { type: "model", model, repetition, state: "failed", error: (err as Error).message });
              loaded = null; // a fresh worker for the next question
            }
          }
        }
        if (loaded) {
          await loaded.worker.stop();
          emitRunEvent(runId, { type: "model", model, repetition, state: "unloaded" });
        }
      }
    }
  } catch (err) {
    const message = `The run stopped: ${(err as Error).message}`;
    await updateRun(db, runId, { status: "failed", error: message, finishedAt: new Date() });
    progress.status("failed", message);
    return "failed";
  }

  if (signal.aborted) {
    if (signal.reason === "shutdown") return "stopped";
    await updateRun(db, runId, { status: "cancelled", finishedAt: new Date() });
    progress.status("cancelled");
    return "cancelled";
  }
  const all = await generationsOf(db, runId);
  const everyFailed = all.length > 0 && all.every((g) => g.status === "failed");
  const error = everyFailed ? "Every generation failed; the reasons are on each answer." : null;
  await updateRun(db, runId, { status: everyFailed ? "failed" : "completed", error, finishedAt: new Date() });
  progress.status(everyFailed ? "failed" : "completed", error);
  return everyFailed ? "failed" : "completed";
}
