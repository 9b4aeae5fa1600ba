import "server-only";
import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { generations, runQuestions, runs, type Generation, type Run, type RunQuestion } from "../schema";

export function listRuns(db: Db, limit = 100) {
  return db.select().from(runs).orderBy(desc(runs.createdAt)).limit(limit);
}

export async function findRun(db: Db, id: string): Promise<Run | undefined> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row;
}

export async function insertRun(db: Db, values: typeof runs.$inferInsert): Promise<Run> {
  const [row] = await db.insert(runs).values(values).returning();
  return row;
}

export async function updateRun(db: Db, id: string, values: Partial<typeof runs.$inferInsert>): Promise<void> {
  await db.update(runs).set(values).where(eq(runs.id, id));
}

export function runsWithStatus(db: Db, statuses: Run["status"][]) {
  return db.select().from(runs).where(inArray(runs.status, statuses)).orderBy(asc(runs.createdAt));
}

export function questionsOf(db: Db, runId: string): Promise<RunQuestion[]> {
  return db.select().from(runQuestions).where(eq(runQuestions.runId, runId)).orderBy(asc(runQuestions.id));
}

export async function insertQuestion(db: Db, values: typeof runQuestions.$inferInsert): Promise<RunQuestion> {
  const [row] = await db.insert(runQuestions).values(values).returning();
  return row;
}

export function generationsOf(db: Db, runId: string): Promise<Generation[]> {
  return db.select().from(generations).where(eq(generations.runId, runId)).orderBy(asc(generations.id));
}

/** Stores a finished cell; a cell already stored (a resumed run racing a finished one) is kept, not duplicated. */
export async function insertGeneration(
  db: Db,
  values: typeof generations.$inferInsert,
): Promise<Generation | undefined> {
  const [row] = await db.insert(generations).values(values).onConflictDoNothing().returning();
  return row;
}
