import type { Db } from "../db/client";
import { findRun, generationsOf, runsWithStatus, updateRun } from "../db/queries/runs";
import { AppError } from "../errors";
import { totalCells } from "./detail";
import { dropRunLog, emitRunEvent } from "./events";
import { executeRun } from "./executor";
import type { RunSettings } from "./settings";

// Runs execute one at a time, in the order they were started, so models never compete for the cores.

type Ctx = { db: Db; dataDir: string; modelsDir: string };
type Queue = { waiting: string[]; current: { runId: string; controller: AbortController; done: Promise<unknown> } | null; ctx: Ctx | null };
const holder = globalThis as typeof globalThis & { __lineupRunQueue?: Queue };
const queue = (holder.__lineupRunQueue ??= { waiting: [], current: null, ctx: null });

/** 0 while running, 1 for the next to run, and so on; null when not queued. */
export function queuePosition(runId: string): number | null {
  if (queue.current?.runId === runId) return 0;
  const i = queue.waiting.indexOf(runId);
  return i === -1 ? null : i + 1;
}

async function announcePositions(db: Db) {
  for (const [i, id] of queue.waiting.entries()) {
    const run = await findRun(db, id);
    if (!run) continue;
    const total = totalCells(run.settings as unknown as RunSettings);
    emitRunEvent(id, { type: "status", status: "queued", done: (await generationsOf(db, id)).length, total, position: i + 1 });
  }
}

function next() {
  if (queue.current || !queue.ctx) return;
  const runId = queue.waiting.shift();
  if (!runId) return;
  const ctx = queue.ctx;
  const controller = new AbortController();
  const done = executeRun(runId, { ...ctx, signal: controller.signal })
    .catch((err) => console.error(`[lineup] run ${runId} crashed`, err))
    .finally(() => {
      queue.current = null;
      // Late viewers replay finished runs from the database.
      setTimeout(() => queue.current?.runId !== runId && dropRunLog(runId), 60_000).unref?.();
      next();
    });
  queue.current = { runId, controller, done };
  void announcePositions(ctx.db);
}

export function enqueueRun(ctx: Ctx, runId: string): number {
  queue.ctx = ctx;
  if (!queue.waiting.includes(runId) && queue.current?.runId !== runId) queue.waiting.push(runId);
  next();
  return queuePosition(runId) ?? 0;
}

/** Stops the running generation within a second (its partial answer is kept, marked cancelled). */
export async function cancelRun(ctx: Ctx, runId: string): Promise<void> {
  const run = await findRun(ctx.db, runId);
  if (!run) throw new AppError("not_found", `There is no run ${runId}.`);
  if (queue.current?.runId === runId) {
    queue.current.controller.abort("cancel");
    await queue.current?.done;
    return;
  }
  const i = queue.waiting.indexOf(runId);
  if (i !== -1) queue.waiting.splice(i, 1);
  if (run.status === "queued" || run.status === "running") {
    await updateRun(ctx.db, runId, { status: "cancelled", finishedAt: new Date() });
    const total = totalCells(run.settings as unknown as RunSettings);
    emitRunEvent(runId, { type: "status", status: "cancelled", done: (await generationsOf(ctx.db, runId)).length, total });
  }
  void announcePositions(ctx.db);
}

export async function waitForRun(runId: string): Promise<void> {
  while (queue.current?.runId === runId || queue.waiting.includes(runId)) {
    await (queue.current?.done ?? new Promise((r) => setTimeout(r, 20)));
  }
}

/** Test and shutdown hook: stops the current run as a server stop would, leaving it "running" in the database. */
export async function stopAll(): Promise<void> {
  queue.waiting.length = 0;
  const current = queue.current;
  current?.controller.abort("shutdown");
  await current?.done;
}

/** At start-up: a run that was running when the server stopped is interrupted (its finished cells kept); queued runs go on. */
export async function recoverRuns(ctx: Ctx): Promise<{ interrupted: number; requeued: number }> {
  queue.ctx = ctx;
  const running = await runsWithStatus(ctx.db, ["running"]);
  for (const run of running) {
    if (queue.current?.runId === run.id) continue;
    await updateRun(ctx.db, run.id, { status: "interrupted", error: "The server stopped during this run. Finished answers are kept; resume it to run the rest." });
  }
  const queued = await runsWithStatus(ctx.db, ["queued"]);
  for (const run of queued) enqueueRun(ctx, run.id);
  return { interrupted: running.length, requeued: queued.length };
}
