import "server-only";
import { desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { sweeps, type SweepRow } from "../schema";
import type { SweepPoint, SweepSkip } from "../../sweeps/types";

export type SweepPatch = Partial<
  Pick<SweepRow, "status" | "models" | "done" | "total" | "current" | "machine" | "error" | "finishedAt">
>;

export async function insertSweep(db: Db, row: Pick<SweepRow, "id" | "settings" | "total">): Promise<void> {
  await db.insert(sweeps).values({ ...row, status: "queued" });
}

export async function findSweep(db: Db, id: string): Promise<SweepRow | undefined> {
  const [row] = await db.select().from(sweeps).where(eq(sweeps.id, id));
  return row;
}

export function listSweeps(db: Db, limit = 50): Promise<SweepRow[]> {
  return db.select().from(sweeps).orderBy(desc(sweeps.createdAt)).limit(limit);
}

export function sweepsWithStatus(db: Db, statuses: SweepRow["status"][]): Promise<SweepRow[]> {
  return db.select().from(sweeps).where(inArray(sweeps.status, statuses)).orderBy(sweeps.createdAt);
}

export async function patchSweep(db: Db, id: string, patch: SweepPatch): Promise<void> {
  await db.update(sweeps).set(patch).where(eq(sweeps.id, id));
}

/** Appends one measured point (or skip) as it is made, so a page watching the sweep sees it at once. */
export async function appendSweepPoint(db: Db, id: string, point: SweepPoint, done: number): Promise<void> {
  await db
    .update(sweeps)
    .set({ points: sql`${sweeps.points} || ${JSON.stringify([point])}::jsonb`, done })
    .where(eq(sweeps.id, id));
}

export async function appendSweepSkips(db: Db, id: string, skips: SweepSkip[], done: number): Promise<void> {
  if (!skips.length) return;
  await db
    .update(sweeps)
    .set({ skipped: sql`${sweeps.skipped} || ${JSON.stringify(skips)}::jsonb`, done })
    .where(eq(sweeps.id, id));
}
