import "server-only";
import { randomBytes } from "node:crypto";
import { findSweep, insertSweep, listSweeps, patchSweep } from "../db/queries/sweeps";
import type { SweepRow } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { requireModels } from "../models/require-models";
import { runLine } from "../runs/queue";
import type { ServerContext } from "../server-context";
import { physicalCores } from "../system/cpu";
import { normalizeSweep, sweepRequestSchema, type SweepRequestParsed } from "./request";
import { LIMITS, pointCount } from "./settings";
import { sweepJob } from "./sweep-job";
import type { SweepView } from "./types";

// Sweeps as the API sees them: created (validated, stored, queued on the run line), read, listed, cancelled.

const newSweepId = () => `sweep_${randomBytes(6).toString("hex")}`;

export async function createSweep(
  ctx: ServerContext,
  body: SweepRequestParsed,
): Promise<{ id: string; position: number }> {
  const cores = physicalCores();
  const tooMany = (body.threads ?? []).filter((t) => t > cores);
  if (tooMany.length)
    throw new AppError(
      "bad_request",
      `threads ${tooMany.join(", ")}: this machine has ${cores} physical cores; more threads than cores only slow llama.cpp down.`,
    );
  const settings = normalizeSweep(body, Math.min(ctx.threads ?? env().threads, cores));
  if (pointCount(settings) > LIMITS.points)
    throw new AppError(
      "bad_request",
      `The sweep has ${pointCount(settings)} points (models × depths × threads × KV types × flash attention); at most ${LIMITS.points}. Split it.`,
    );
  await requireModels(ctx, settings.models, "be swept");
  const id = newSweepId();
  await insertSweep(ctx.db, { id, settings, total: pointCount(settings) });
  return { id, position: runLine().enqueue(sweepJob, { sweepId: id }, ctx) };
}

export function sweepView(row: SweepRow): SweepView {
  return {
    id: row.id,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    settings: row.settings,
    models: row.models,
    points: row.points,
    skipped: row.skipped,
    progress: { done: row.done, total: row.total, current: row.current },
    machine: row.machine,
    error: row.error,
  };
}

export async function getSweep(ctx: ServerContext, id: string): Promise<SweepView & { position: number | null }> {
  const row = await findSweep(ctx.db, id);
  if (!row) throw new AppError("not_found", `There is no sweep ${id}. Sweeps are listed at /sweeps.`);
  return { ...sweepView(row), position: runLine().position(sweepJob, { sweepId: id }) };
}

export async function sweepList(ctx: ServerContext) {
  return (await listSweeps(ctx.db)).map((row) => {
    const { points, ...rest } = sweepView(row);
    return { ...rest, pointCount: points.length };
  });
}

export async function cancelSweep(ctx: ServerContext, id: string): Promise<void> {
  const row = await findSweep(ctx.db, id);
  if (!row) throw new AppError("not_found", `There is no sweep ${id}.`);
  const was = await runLine().cancel(sweepJob, { sweepId: id }, "cancel");
  if (was === "running") return;
  if (row.status === "queued" || row.status === "running")
    await patchSweep(ctx.db, id, { status: "cancelled", current: null, finishedAt: new Date() });
}

export { sweepRequestSchema };
