import "server-only";
import type { Db } from "../db/client";
import { findRun, generationsOf, updateRun } from "../db/queries/runs";
import type { Run } from "../db/schema";
import { totalCells } from "./detail";
import { emitRunEvent } from "./events";
import type { RunStatus } from "./types";

// Every change of a run's status is one of these functions: each writes the database and announces the change
// to viewers, so the two can never drift apart (a run written "queued" that viewers still see "cancelled").

type Change = {
  status: RunStatus;
  error?: string | null;
  position?: number;
  startedAt?: Date | null;
  finishedAt?: Date | null;
};

async function writeAndAnnounce(db: Db, run: Run | string, change: Change): Promise<void> {
  const row = typeof run === "string" ? await findRun(db, run) : run;
  if (!row) return;
  const { position, ...values } = change;
  await updateRun(db, row.id, values);
  const done = (await generationsOf(db, row.id)).length;
  emitRunEvent(row.id, {
    type: "status",
    status: change.status,
    done,
    total: totalCells(row.settings),
    position,
    error: change.error ?? null,
  });
}

/** Waiting in line (new, resumed, or after a restart), at `position`. */
export const markQueued = (db: Db, run: Run | string, position?: number) =>
  writeAndAnnounce(db, run, { status: "queued", error: null, finishedAt: null, position });

/** The executor has taken it. */
export const markRunning = (db: Db, run: Run) =>
  writeAndAnnounce(db, run, { status: "running", error: null, startedAt: run.startedAt ?? new Date() });

/** Ended: every cell ran, it failed as a whole, or it was cancelled. */
export const markEnded = (
  db: Db,
  run: Run | string,
  status: "completed" | "failed" | "cancelled",
  error: string | null = null,
) => writeAndAnnounce(db, run, { status, error, finishedAt: new Date() });

/** The server stopped while it ran; finished cells are kept and it can be resumed. */
export const markInterrupted = (db: Db, run: Run) =>
  writeAndAnnounce(db, run, {
    status: "interrupted",
    error: "The server stopped during this run. Finished answers are kept; resume it to run the rest.",
  });

/** A progress tick while running (a cell finished): no write, the cells are the durable progress. */
export async function announceProgress(db: Db, runId: string, done: number, total: number): Promise<void> {
  emitRunEvent(runId, { type: "status", status: "running", done, total });
}
