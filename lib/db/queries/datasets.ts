import { desc } from "drizzle-orm";
import type { Db } from "../client";
import { datasets } from "../schema";

export function listDatasets(db: Db) {
  return db.select().from(datasets).orderBy(desc(datasets.createdAt));
}
