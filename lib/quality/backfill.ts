import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { JobHandler } from "../jobs/job-kind";
import { scoreJob, type RunJob } from "../runs/job-types";
import type { ServerContext } from "../server-context";
import { FINAL_RUN_STATUSES } from "../runs/status";
import { scoreRunSafely } from "./score-run";

// Answers without quality scores in runs that have ended: runs finished before the scores existed (an upgrade),
// runs cancelled part-way (scored after the cancel), and runs whose scoring failed (the embedder was missing).
// They are scored through the run line (a background job: behind every run and judge), one at a time, so
// scoring never competes with a measured run for the CPU.

/** The score kind of the run line (lib/runs asks for it, this does it), registered at boot (lib/server/job-kinds.ts). */
export const scoreJobHandler: JobHandler<RunJob, ServerContext> = {
  run: ({ runId }, ctx, signal) => scoreRunSafely(ctx.db, runId, ctx.modelsDir, signal),
  /** Ended runs with answers not yet scored (from before an upgrade, say) get their scores, behind the rest. */
  async recover(ctx, line) {
    const unscored = await runsMissingScores(ctx.db);
    for (const runId of unscored) line.enqueue(scoreJob, { runId }, ctx);
    return { interrupted: 0, requeued: unscored.length };
  },
};

/** Ids of ended runs holding successful answers that have no quality scores yet, oldest first. */
export async function runsMissingScores(db: Db): Promise<string[]> {
  const statuses = sql.join(
    FINAL_RUN_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    select r.id from runs r
    where r.status in (${statuses})
      and exists (select 1 from generations g where g.run_id = r.id and g.status = 'ok' and g.quality is null)
    order by r.created_at`,
  );
  return rows.map((r) => r.id);
}
