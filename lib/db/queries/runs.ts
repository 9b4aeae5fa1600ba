import { desc } from "drizzle-orm";
import type { Db } from "../client";
import { runs } from "../schema";

export function listRuns(db: Db, limit = 100) {
  return db.select().from(runs).orderBy(desc(runs.createdAt)).limit(limit);
}
