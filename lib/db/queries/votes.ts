import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { votes, type Vote } from "../schema";

/**
 * Stores a vote, or replaces the same voter's earlier vote on the same question and model pair (the unique index
 * votes_one_per_voter_pair), so a voter's repeated or scripted votes count once.
 */
export async function upsertVote(db: Db, v: Omit<typeof votes.$inferInsert, "id" | "createdAt">): Promise<{ id: number }> {
  const result = await db.execute(sql`
    insert into ${votes} (run_id, generation_a, generation_b, choice, voter, question_id, model_a, model_b)
    values (${v.runId}, ${v.generationA}, ${v.generationB}, ${v.choice}, ${v.voter}, ${v.questionId}, ${v.modelA}, ${v.modelB})
    on conflict (run_id, voter, question_id, least(model_a, model_b), greatest(model_a, model_b)) do update set
      generation_a = excluded.generation_a, generation_b = excluded.generation_b, choice = excluded.choice,
      model_a = excluded.model_a, model_b = excluded.model_b, created_at = now()
    returning id`);
  const row = (result as unknown as { rows: { id: number | string }[] }).rows[0];
  return { id: Number(row.id) };
}

export function votesOf(db: Db, runIds: string | string[]): Promise<Vote[]> {
  const ids = typeof runIds === "string" ? [runIds] : runIds;
  if (!ids.length) return Promise.resolve([]);
  return db.select().from(votes).where(ids.length === 1 ? eq(votes.runId, ids[0]) : inArray(votes.runId, ids)).orderBy(asc(votes.id));
}
