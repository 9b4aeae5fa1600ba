import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { FINAL_RUN_STATUSES } from "../runs/status";

// Answers without quality scores in runs that have ended: runs finished before the scores existed (an upgrade),
// runs cancelled part-way (scored after the cancel), and runs whose scoring failed (the embedder was missing).
// They are scored through the run queue, one at a time behind any runs, so scoring never competes with a
// measured run for the CPU.

const JOB_PREFIX = "quality:";
export const scoreJobId = (runId: string) => `${JOB_PREFIX}${runId}`;
export const isScoreJob = (id: string) => id.startsWith(JOB_PREFIX);
export const runOfScoreJob = (id: string) => id.slice(JOB_PREFIX.length);

/** Ids of ended runs holding successful answers that have no quality scores yet, oldest first. */
export async function runsMissingScores(db: Db): Promise<string[]> {
  const statuses = sql.join(FINAL_RUN_STATUSES.map((s) => sql`${s}`), sql`, `);
  const rows = await queryRows<{ id: string }>(db, sql`
    select r.id from runs r
    where r.status in (${statuses})
      and exists (select 1 from generations g where g.run_id = r.id and g.status = 'ok' and g.quality is null)
    order by r.created_at`);
  return rows.map((r) => r.id);
}
