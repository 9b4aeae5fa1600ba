import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { votes, type Vote } from "../schema";

/**
 * Stores a voter's first vote on a question and model pair, whichever side each model was on; null when that
 * voter has voted on the pair already (the unique index votes_one_per_voter_pair), which leaves that vote as it is.
 */
export async function insertFirstVote(
  db: Db,
  v: Omit<typeof votes.$inferInsert, "id" | "createdAt">,
): Promise<{ id: number } | null> {
  const result = await db.execute(sql`
    insert into ${votes} (run_id, generation_a, generation_b, choice, voter, question_id, model_a, model_b)
    values (${v.runId}, ${v.generationA}, ${v.generationB}, ${v.choice}, ${v.voter}, ${v.questionId}, ${v.modelA}, ${v.modelB})
    on conflict (run_id, voter, question_id, least(model_a, model_b), greatest(model_a, model_b)) do nothing
    returning id`);
  const row = (result as unknown as { rows: { id: number | string }[] }).rows[0];
  return row ? { id: Number(row.id) } : null;
}

export function votesOf(db: Db, runIds: string | string[]): Promise<Vote[]> {
  const ids = typeof runIds === "string" ? [runIds] : runIds;
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(votes)
    .where(ids.length === 1 ? eq(votes.runId, ids[0]) : inArray(votes.runId, ids))
    .orderBy(asc(votes.id));
}
