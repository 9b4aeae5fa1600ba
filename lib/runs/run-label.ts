import "server-only";
import type { Db } from "../db/client";
import { findRun, updateRun } from "../db/queries/runs";
import { AppError } from "../errors";
import { RunLabelInput, type RunLabel } from "./run-label-input";

/** The name and note in a request body (the run's settings are checked elsewhere); a 400 names what is wrong. */
export function parseRunLabel(raw: unknown): RunLabel {
  const body = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const parsed = RunLabelInput.safeParse({ name: body.name, note: body.note });
  if (!parsed.success) {
    throw new AppError(
      "bad_request",
      `The run's ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join(", and its ")}: shorten it and save again.`,
    );
  }
  return parsed.data;
}

/** PATCH /api/runs/:id: renames a run or changes its note; fields left out stay as they are. */
export async function updateRunLabel(
  db: Db,
  id: string,
  raw: unknown,
): Promise<{ name: string | null; note: string | null }> {
  const label = parseRunLabel(raw);
  if (label.name === undefined && label.note === undefined)
    throw new AppError("bad_request", "Send a name or a note (or both) to change; the body had neither.");
  const run = await findRun(db, id);
  if (!run) throw new AppError("not_found", `There is no run ${id}.`);
  const values = {
    ...(label.name !== undefined ? { name: label.name } : {}),
    ...(label.note !== undefined ? { note: label.note } : {}),
  };
  await updateRun(db, id, values);
  return {
    name: values.name !== undefined ? values.name : run.name,
    note: values.note !== undefined ? values.note : run.note,
  };
}
