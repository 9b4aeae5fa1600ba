import "server-only";
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { judgeJobs, type JudgeJobRow } from "../schema";
import type { JudgeMode } from "../../quality/judging/prompts";

/** One judge job: a judge model in one mode on one run. */
export type JudgeJobKey = { runId: string; judge: string; mode: JudgeMode };
const keyIs = (k: JudgeJobKey) =>
  and(eq(judgeJobs.runId, k.runId), eq(judgeJobs.judge, k.judge), eq(judgeJobs.mode, k.mode));

export type JudgeJobPatch = Partial<Pick<JudgeJobRow, "state" | "done" | "total" | "error">>;

/** A judge queued on a run: a new job, or the run's earlier job of that judge and mode started afresh. */
export async function queueJudgeJob(db: Db, key: JudgeJobKey): Promise<void> {
  const values = { ...key, state: "queued" as const, done: 0, total: 0, error: null, updatedAt: new Date() };
  await db
    .insert(judgeJobs)
    .values(values)
    .onConflictDoUpdate({ target: [judgeJobs.runId, judgeJobs.judge, judgeJobs.mode], set: values });
}

export async function updateJudgeJob(db: Db, key: JudgeJobKey, patch: JudgeJobPatch): Promise<void> {
  await db
    .update(judgeJobs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(keyIs(key));
}

export function judgeJobsOf(db: Db, runId: string): Promise<JudgeJobRow[]> {
  return db
    .select()
    .from(judgeJobs)
    .where(eq(judgeJobs.runId, runId))
    .orderBy(asc(judgeJobs.judge), asc(judgeJobs.mode));
}

export function judgeJobsWithState(db: Db, states: JudgeJobRow["state"][]): Promise<JudgeJobRow[]> {
  return db.select().from(judgeJobs).where(inArray(judgeJobs.state, states)).orderBy(asc(judgeJobs.updatedAt));
}

/**
 * Marks a judge interrupted if it is still as `seen` was read ("running", not updated since): a judge started
 * again in the meantime is left alone. Answers whether it was marked.
 */
export async function interruptJudgeJob(db: Db, seen: JudgeJobRow, error: string): Promise<boolean> {
  const unchangedSince = new Date(seen.updatedAt.getTime() + 1); // Postgres keeps microseconds, Date milliseconds
  const rows = await db
    .update(judgeJobs)
    .set({ state: "interrupted", error, updatedAt: sql`now()` })
    .where(and(keyIs(seen), eq(judgeJobs.state, "running"), lt(judgeJobs.updatedAt, unchangedSince)))
    .returning({ runId: judgeJobs.runId });
  return rows.length > 0;
}
