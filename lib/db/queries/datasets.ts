import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { datasets, type Dataset, type NewDataset } from "../schema";

export function listDatasets(db: Db) {
  return db.select().from(datasets).orderBy(desc(datasets.createdAt));
}

export async function findDataset(db: Db, id: string): Promise<Dataset | undefined> {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
  return row;
}

export async function findDatasetByFile(db: Db, sha256: string, embedder: string): Promise<Dataset | undefined> {
  const rows = await db.select().from(datasets).where(eq(datasets.fileSha256, sha256));
  return rows.find((d) => d.embedder === embedder);
}

export async function insertDataset(db: Db, values: NewDataset): Promise<Dataset> {
  const [row] = await db.insert(datasets).values(values).returning();
  return row;
}

export async function updateDataset(db: Db, id: string, values: Partial<NewDataset>): Promise<void> {
  await db.update(datasets).set(values).where(eq(datasets.id, id));
}

export function unfinishedDatasets(db: Db) {
  return db.select().from(datasets).where(inArray(datasets.status, ["pending", "importing"]));
}
