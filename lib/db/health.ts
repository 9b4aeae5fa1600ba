import "server-only";
import { sql } from "drizzle-orm";
import { busyWith, type BusyWith } from "./busy";
import type { Database } from "./client";

// What /api/health says about the database. Health must answer at once whatever the database is doing: a
// monitor (or a user's script) that waits behind a long statement sees a hung server. PGlite runs one statement
// at a time, so an import batch on a slow disk or an index build holds every query; health then says the
// database is busy, and since when, instead of waiting.

/** How long health waits for the database's own answer before it reports the database as busy. */
export const HEALTH_WAIT_MS = 1000;

export type DatabaseHealth = { database: string; busy?: BusyWith[] };

export async function databaseHealth(database: Database, waitMs = HEALTH_WAIT_MS): Promise<DatabaseHealth> {
  const known = busyWith();
  if (known.length) return { database: database.driver, busy: known };
  const since = new Date().toISOString();
  const answered = database.db.execute(sql`select 1`).then(() => true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  // A query that fails after the wait has been answered for is dropped here; the next check reports it.
  answered.catch(() => {});
  try {
    if (await Promise.race([answered, late])) return { database: database.driver };
  } finally {
    clearTimeout(timer);
  }
  const what = `another statement (an import batch, a search or an index build): no answer within ${waitMs} ms`;
  return { database: database.driver, busy: [{ what, since }] };
}
