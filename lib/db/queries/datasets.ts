import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { datasets, type ColumnMapping, type Dataset, type NewDataset } from "../schema";

export function listDatasets(db: Db) {
  return db.select().from(datasets).orderBy(desc(datasets.createdAt));
}

export async function findDataset(db: Db, id: string): Promise<Dataset | undefined> {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
  return row;
}

/** The dataset made from this file with this embedder, column mapping (compared as jsonb) and duplicate handling, if any. */
export async function findDatasetByFile(
  db: Db,
  sha256: string,
  embedder: string,
  mapping: ColumnMapping,
  dedupe: boolean,
): Promise<Dataset | undefined> {
  const [row] = await db
    .select()
    .from(datasets)
    .where(
      and(
        eq(datasets.fileSha256, sha256),
        eq(datasets.embedder, embedder),
        sql`${datasets.mapping} = ${JSON.stringify(mapping)}::jsonb`,
        eq(datasets.dedupe, dedupe),
      ),
    );
  return row;
}

export async function insertDataset(db: Db, values: NewDataset): Promise<Dataset> {
  const [row] = await db.insert(datasets).values(values).returning();
  return row;
}

export async function updateDataset(db: Db, id: string, values: Partial<NewDataset>): Promise<void> {
  await db.update(datasets).set(values).where(eq(datasets.id, id));
}

export function unfinishedDatasets(db: Db) {
  return db
    .select()
    .from(datasets)
    .where(inArray(datasets.status, ["pending", "importing"]));
}
