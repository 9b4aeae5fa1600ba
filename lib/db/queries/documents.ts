import "server-only";
import { and, count, eq, max, sql } from "drizzle-orm";
import { queryRows, type Db } from "../client";
import { documents } from "../schema";

// Dataset ids are generated as [a-z0-9_] only, so they can stand in index names and partial-index
// predicates as literals: a partial index is used only when the planner sees the literal value.
export function assertSafeId(id: string): string {
  if (!/^[a-z0-9_]{1,40}$/.test(id)) throw new Error(`unsafe dataset id ${id}`);
  return id;
}

export type NewDocument = { groupKey: string; sourceRow: number; text: string; metadata: Record<string, string>; embedding: number[] };

export async function insertDocuments(db: Db, datasetId: string, docs: NewDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await db
    .insert(documents)
    .values(docs.map((d) => ({ ...d, datasetId })))
    .onConflictDoNothing({ target: [documents.datasetId, documents.sourceRow] });
}

export async function lastStoredRow(db: Db, datasetId: string): Promise<number> {
  const [row] = await db.select({ last: max(documents.sourceRow) }).from(documents).where(eq(documents.datasetId, datasetId));
  return row?.last ?? 0;
}

export async function documentCount(db: Db, datasetId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documents).where(eq(documents.datasetId, datasetId));
  return Number(row?.n ?? 0);
}

export async function groupCounts(db: Db, datasetId: string): Promise<{ group: string; documents: number }[]> {
  const rows = await db
    .select({ group: documents.groupKey, documents: count() })
    .from(documents)
    .where(eq(documents.datasetId, datasetId))
    .groupBy(documents.groupKey)
    .orderBy(sql`min(${documents.sourceRow})`);
  return rows.map((r) => ({ group: r.group, documents: Number(r.documents) }));
}


function opsFor(metric: "cosine" | "dot") {
  return metric === "dot" ? { ops: "vector_ip_ops", op: "<#>" } : { ops: "vector_cosine_ops", op: "<=>" };
}

/** Memory for one HNSW build: enough for the graph of a few hundred thousand rows to stay in memory. */
const HNSW_BUILD_MEMORY = "512MB";

/**
 * HNSW over this dataset's rows only; built after the bulk insert, which is far faster than inserting into it.
 * With Postgres's default maintenance_work_mem (64 MB) the graph of 100,000 rows spills to disk and is built
 * page by page through the shared buffers, which the embedded database keeps small: raise it for this build only.
 */
export async function createVectorIndex(db: Db, datasetId: string, dim: number, metric: "cosine" | "dot"): Promise<void> {
  const id = assertSafeId(datasetId);
  const { ops } = opsFor(metric);
  await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${HNSW_BUILD_MEMORY}'`));
    await tx.execute(sql.raw(
      `CREATE INDEX IF NOT EXISTS documents_hnsw_${id} ON documents USING hnsw ((embedding::vector(${Number(dim)})) ${ops}) WHERE dataset_id = '${id}'`,
    ));
  });
}

/** Fresh planner statistics after a bulk load: without them Postgres misjudges the HNSW index and scans instead. */
export async function analyzeDocuments(db: Db): Promise<void> {
  await db.execute(sql`ANALYZE documents`);
}

export async function dropVectorIndex(db: Db, datasetId: string): Promise<void> {
  await db.execute(sql.raw(`DROP INDEX IF EXISTS documents_hnsw_${assertSafeId(datasetId)}`));
}

export type Hit = { id: number; groupKey: string; sourceRow: number; text: string; metadata: Record<string, string>; score: number };

/**
 * The k nearest documents of one group. Iterative index scans keep an HNSW search going until k rows pass
 * the group filter (without it a filtered search can return fewer rows than the group has).
 */
export async function nearestInGroup(
  db: Db,
  args: { datasetId: string; dim: number; metric: "cosine" | "dot"; group: string; query: number[]; k: number },
): Promise<Hit[]> {
  const id = assertSafeId(args.datasetId);
  const { op } = opsFor(args.metric);
  const vector = `[${args.query.join(",")}]`;
  const distance = sql.raw(`(embedding::vector(${Number(args.dim)})) ${op} `);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL hnsw.iterative_scan = relaxed_order`);
    const rows = await queryRows<{ id: number; group_key: string; source_row: number; text: string; metadata: Record<string, string>; distance: number }>(
      tx as unknown as Db,
      sql`SELECT id, group_key, source_row, text, metadata, ${distance}${vector}::vector AS distance
          FROM documents WHERE dataset_id = ${sql.raw(`'${id}'`)} AND group_key = ${args.group}
          ORDER BY ${distance}${vector}::vector LIMIT ${args.k}`,
    );
    return rows.map((r) => ({
      id: Number(r.id), groupKey: r.group_key, sourceRow: r.source_row, text: r.text, metadata: r.metadata,
      // cosine distance -> similarity; <#> is the negative inner product
      score: args.metric === "dot" ? -Number(r.distance) : 1 - Number(r.distance),
    }));
  });
}

export async function groupExists(db: Db, datasetId: string, group: string): Promise<boolean> {
  const [row] = await db.select({ id: documents.id }).from(documents)
    .where(and(eq(documents.datasetId, datasetId), eq(documents.groupKey, group))).limit(1);
  return Boolean(row);
}
