import "server-only";
import { randomBytes } from "node:crypto";
import { groupCounts } from "../db/queries/documents";
import { findDataset } from "../db/queries/datasets";
import { findRun, insertRun } from "../db/queries/runs";
import { env } from "../env";
import { AppError } from "../errors";
import { requireModels } from "../models/require-models";
import { checkRemoteModels } from "../remote/check-models";
import { isRemoteRef } from "../remote/types";
import { physicalCores } from "../system/cpu";
import { runDetail } from "./detail";
import { cancelRun, enqueueRun, queuePosition } from "./queue";
import { parseRunLabel } from "./run-label";
import { runSizeProblem } from "./run-size";
import { markQueued } from "./state";
import { nativeBinary } from "../remote/native-llama";
import { DEFAULT_GROUP_COUNT, RunSettingsInput, type RunSettings } from "./settings";
import type { RunDetail } from "./types";
import type { ServerContext } from "../server-context";

export const newRunId = () => `run_${randomBytes(6).toString("hex")}`;

/** Checks a run's settings against what is here (dataset ready, groups present, models usable) and fills defaults. */
export async function resolveSettings(ctx: ServerContext, raw: unknown): Promise<RunSettings> {
  const parsed = RunSettingsInput.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    throw new AppError("bad_request", `The run settings are not valid: ${problems.join("; ")}.`);
  }
  const input = parsed.data;
  // Before any lookup or write: a run whose prompts could not be stored is refused on its settings alone.
  const tooLarge = runSizeProblem({
    promptTemplate: input.promptTemplate,
    questions: input.questions,
    k: input.k,
    groups: input.groups?.length || DEFAULT_GROUP_COUNT,
    docCharCap: ctx.limits?.docCharCap ?? env().docCharCap,
  });
  if (tooLarge) throw new AppError("too_large", tooLarge);
  const dataset = await findDataset(ctx.db, input.datasetId);
  if (!dataset)
    throw new AppError("bad_request", `There is no dataset ${input.datasetId}. Choose one from the Datasets page.`);
  if (dataset.status !== "ready")
    throw new AppError(
      "conflict",
      `The dataset "${dataset.name}" is ${dataset.status}; a run needs a ready dataset. Wait for its import to finish.`,
    );
  const groups = (await groupCounts(ctx.db, dataset.id)).map((g) => g.group);
  const chosen = input.groups?.length ? input.groups : groups.slice(0, DEFAULT_GROUP_COUNT);
  const unknown = chosen.filter((g) => !groups.includes(g));
  if (unknown.length)
    throw new AppError(
      "bad_request",
      `The dataset has no group ${unknown.map((g) => `"${g}"`).join(", ")}. Its groups include: ${groups.slice(0, 5).join(", ")}.`,
    );
  await checkRemoteModels(ctx.db, input.models);
  await requireModels(
    ctx,
    input.models.filter((m) => !isRemoteRef(m)),
    "be used",
  );
  if (input.engine === "llama-server" && input.models.some((m) => !isRemoteRef(m))) {
    const bin = nativeBinary("llama-server");
    if (bin.path === null)
      throw new AppError(
        "bad_request",
        `The llama-server engine is not built on this machine: ${bin.reason} Or choose the node-llama-cpp engine.`,
      );
  }
  const threads = Math.min(input.threads ?? ctx.threads ?? env().threads, physicalCores());
  return { ...input, groups: chosen, threads, gpu: input.gpu ?? env().gpu };
}

export async function createRun(
  ctx: ServerContext,
  raw: unknown,
  rerunOf: string | null = null,
): Promise<{ id: string; position: number }> {
  const label = parseRunLabel(raw);
  const settings = await resolveSettings(ctx, raw);
  const id = newRunId();
  await insertRun(ctx.db, {
    id,
    status: "queued",
    datasetId: settings.datasetId,
    settings,
    rerunOf,
    name: label.name ?? null,
    note: label.note ?? null,
  });
  return { id, position: enqueueRun(ctx, id) };
}

export async function getRun(ctx: ServerContext, id: string): Promise<RunDetail> {
  return runDetail(ctx.db, id, queuePosition(id));
}

export async function rerun(ctx: ServerContext, id: string) {
  const run = await findRun(ctx.db, id);
  if (!run) throw new AppError("not_found", `There is no run ${id}.`);
  return createRun(ctx, run.settings, id);
}

/** Runs only the missing cells of an interrupted, cancelled or failed run. */
export async function resumeRun(ctx: ServerContext, id: string) {
  const run = await findRun(ctx.db, id);
  if (!run) throw new AppError("not_found", `There is no run ${id}.`);
  if (run.status === "completed")
    throw new AppError("conflict", "This run is complete: there is nothing to resume. Start it again with Re-run.");
  if (run.status === "queued" || run.status === "running") return { id, position: queuePosition(id) ?? 0 };
  await markQueued(ctx.db, run);
  return { id, position: enqueueRun(ctx, id) };
}

export async function cancel(ctx: ServerContext, id: string) {
  await cancelRun(ctx, id);
  return getRun(ctx, id);
}
