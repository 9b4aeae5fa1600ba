import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { votes, type Vote } from "../schema";

export async function insertVote(db: Db, values: typeof votes.$inferInsert): Promise<Vote> {
  const [row] = await db.insert(votes).values(values).returning();
  return row;
}

export function votesOf(db: Db, runIds: string | string[]): Promise<Vote[]> {
  const ids = typeof runIds === "string" ? [runIds] : runIds;
  if (!ids.length) return Promise.resolve([]);
  return db.select().from(votes).where(ids.length === 1 ? eq(votes.runId, ids[0]) : inArray(votes.runId, ids)).orderBy(asc(votes.id));
}
