import "server-only";
import { and, count, eq, max, sql, type SQL } from "drizzle-orm";
import { isEmbedded, queryRows, type Db } from "../client";
import { fromSql } from "pgvector";
import { documents } from "../schema";

// Dataset ids are generated as [a-z0-9_] only, so they can stand in index names and partial-index
// predicates as literals: a partial index is used only when the planner sees the literal value.
export function assertSafeId(id: string): string {
  if (!/^[a-z0-9_]{1,40}$/.test(id)) throw new Error(`unsafe dataset id ${id}`);
  return id;
}

export type NewDocument = {
  groupKey: string;
  sourceRow: number;
  text: string;
  metadata: Record<string, string>;
  embedding: number[];
  /** Set when the dataset collapses duplicates: a second document with this hash in the group adds to the first's count. */
  textHash: string | null;
};

/** Inserts documents; returns how many were repeats of a stored document (counted on it instead). */
export async function insertDocuments(db: Db, datasetId: string, docs: NewDocument[]): Promise<number> {
  if (docs.length === 0) return 0;
  const insert = db.insert(documents).values(docs.map((d) => ({ ...d, datasetId })));
  if (docs.some((d) => d.textHash)) {
    // A resumed import meets texts stored before it stopped: they count, they are not stored twice.
    const written = await insert
      .onConflictDoUpdate({
        target: [documents.datasetId, documents.groupKey, documents.textHash],
        set: { duplicates: sql`${documents.duplicates} + 1` },
      })
      .returning({ merged: sql<boolean>`xmax <> 0` });
    return written.filter((w) => w.merged).length;
  }
  await insert.onConflictDoNothing({ target: [documents.datasetId, documents.sourceRow] });
  return 0;
}

/** Adds repeated rows to the count of the document that holds their text. */
export async function countRepeats(
  db: Db,
  datasetId: string,
  repeats: { groupKey: string; textHash: string; count: number }[],
): Promise<void> {
  for (const r of repeats) {
    await db
      .update(documents)
      .set({ duplicates: sql`${documents.duplicates} + ${r.count}` })
      .where(
        and(eq(documents.datasetId, datasetId), eq(documents.groupKey, r.groupKey), eq(documents.textHash, r.textHash)),
      );
  }
}

export async function lastStoredRow(db: Db, datasetId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(documents.sourceRow) })
    .from(documents)
    .where(eq(documents.datasetId, datasetId));
  return row?.last ?? 0;
}

export async function documentCount(db: Db, datasetId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documents).where(eq(documents.datasetId, datasetId));
  return Number(row?.n ?? 0);
}

/**
 * Each group's document count, in file order; with `nameColumn`, also the group's most common non-empty value
 * of that label column (the product name beside an asin), in the same scan.
 */
export async function groupCounts(
  db: Db,
  datasetId: string,
  nameColumn: string | null = null,
): Promise<{ group: string; documents: number; name: string | null }[]> {
  const name = nameColumn
    ? sql<string | null>`mode() WITHIN GROUP (ORDER BY nullif(${documents.metadata}->>${nameColumn}, ''))`
    : sql<string | null>`null`;
  const rows = await db
    .select({ group: documents.groupKey, documents: count(), name })
    .from(documents)
    .where(eq(documents.datasetId, datasetId))
    .groupBy(documents.groupKey)
    .orderBy(sql`min(${documents.sourceRow})`);
  return rows.map((r) => ({
    group: r.group,
    documents: Number(r.documents),
    name: r.name ? r.name.trim().slice(0, 120) : null,
  }));
}

/**
 * The type a database searches and indexes embeddings as. They are stored as halfvec everywhere (half the disk).
 * A PostgreSQL server indexes them as halfvec too (half the index to hold in memory, same build time); PGlite
 * as vector, because WebAssembly has no half-float instructions: its halfvec HNSW build took 6.9x as long
 * (128.8 s against 18.8 s, 12,000 × 384 dims).
 */
export function indexTypeOf(db: Db): "halfvec" | "vector" {
  return isEmbedded(db) ? "vector" : "halfvec";
}

/** The pgvector operator class and distance operator of a metric, for the index type. */
export function opsFor(metric: "cosine" | "dot", type: "halfvec" | "vector" = "halfvec") {
  return metric === "dot" ? { ops: `${type}_ip_ops`, op: "<#>" } : { ops: `${type}_cosine_ops`, op: "<=>" };
}

/** The indexed expression: the dataset's rows at their recorded dimension (the column itself has none). */
export const embeddingExpr = (dim: number, type: "halfvec" | "vector" = "halfvec") =>
  `(embedding::${type}(${Number(dim)}))`;

/** Memory for one HNSW build on a server when the caller does not size it to the rows (tests, benches). */
const HNSW_BUILD_MEMORY_MB = 512;
/**
 * On PGlite, whose whole memory is capped at 2 GiB: half of it, which sets the rows it can index
 * (lib/datasets/capacity.ts). Larger graphs would be built on disk, many times slower.
 */
export const PGLITE_BUILD_MEMORY_MB = 1024;

/**
 * HNSW over this dataset's rows only; built after the bulk insert, which is far faster than inserting into it.
 * With Postgres's default maintenance_work_mem (64 MB) the graph of 100,000 rows spills to disk and is built
 * page by page through the shared buffers, which the embedded database keeps small: raise it for this build only.
 */
export async function createVectorIndex(
  db: Db,
  datasetId: string,
  dim: number,
  metric: "cosine" | "dot",
  serverMemoryMb: number = HNSW_BUILD_MEMORY_MB,
): Promise<void> {
  const id = assertSafeId(datasetId);
  const type = indexTypeOf(db);
  const { ops } = opsFor(metric, type);
  await db.transaction(async (tx) => {
    const memory = `${isEmbedded(db) ? PGLITE_BUILD_MEMORY_MB : Math.round(serverMemoryMb)}MB`;
    await tx.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${memory}'`));
    await tx.execute(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS documents_hnsw_${id} ON documents USING hnsw (${embeddingExpr(dim, type)} ${ops}) WHERE dataset_id = '${id}'`,
      ),
    );
  });
}

/** Fresh planner statistics after a bulk load: without them Postgres misjudges the HNSW index and scans instead. */
export async function analyzeDocuments(db: Db): Promise<void> {
  await db.execute(sql`ANALYZE documents`);
}

export async function dropVectorIndex(db: Db, datasetId: string): Promise<void> {
  await db.execute(sql.raw(`DROP INDEX IF EXISTS documents_hnsw_${assertSafeId(datasetId)}`));
}

export type Hit = {
  id: number;
  groupKey: string;
  sourceRow: number;
  text: string;
  metadata: Record<string, string>;
  /** Similarity of the document's embedding to the question's (cosine, or inner product for "dot" embedders). */
  score: number;
  /** Rows of the CSV with this text in the group (1 unless duplicates were collapsed). */
  duplicates: number;
  /** Where the document ranked (1-based) in each retriever that found it; hybrid retrieval fuses these ranks. */
  ranks?: { vector?: number; text?: number };
  embedding?: number[];
};
type HitRow = {
  id: number;
  group_key: string;
  source_row: number;
  text: string;
  metadata: Record<string, string>;
  duplicates: number;
  distance: number;
  embedding?: string;
};

/** A stored document as a hit, its distance turned into a similarity. */
export function toHit(r: HitRow, metric: "cosine" | "dot"): Hit {
  return {
    id: Number(r.id),
    groupKey: r.group_key,
    sourceRow: r.source_row,
    text: r.text,
    metadata: r.metadata,
    duplicates: Number(r.duplicates ?? 1),
    // cosine distance -> similarity; <#> is the negative inner product
    score: metric === "dot" ? -Number(r.distance) : 1 - Number(r.distance),
    ...(r.embedding ? { embedding: fromSql(r.embedding) as number[] } : {}),
  };
}

/**
 * The k nearest documents of one group. Iterative index scans (hnsw.iterative_scan, set on every connection)
 * keep an HNSW search going until k rows pass the group filter (without them a filtered search can return fewer
 * rows than the group has); a search that still comes back short of a group that has more rows is done exactly.
 */
export async function nearestInGroup(
  db: Db,
  args: {
    datasetId: string;
    dim: number;
    metric: "cosine" | "dot";
    group: string;
    query: number[];
    k: number;
    withEmbeddings?: boolean;
  },
): Promise<Hit[]> {
  const id = assertSafeId(args.datasetId);
  const type = indexTypeOf(db);
  const { op } = opsFor(args.metric, type);
  const vector = `[${args.query.join(",")}]`;
  const distance = sql.raw(`${embeddingExpr(args.dim, type)} ${op} `);
  const cast = sql.raw(`::${type}`);
  const columns = sql`id, group_key, source_row, text, metadata, duplicates, ${distance}${vector}${cast} AS distance
        ${args.withEmbeddings ? sql`, embedding::text AS embedding` : sql``}`;
  const inGroup = sql`dataset_id = ${sql.raw(`'${id}'`)} AND group_key = ${args.group}`;
  let rows = await queryRows<HitRow>(
    db,
    sql`SELECT ${columns} FROM documents WHERE ${inGroup} ORDER BY ${distance}${vector}${cast} LIMIT ${args.k}`,
  );
  // An iterative scan gives up after hnsw.max_scan_tuples candidates (20,000 by default): a small group among
  // millions of rows, whose rows are not near the question, can come back short. Then the group is searched
  // exactly: OFFSET 0 keeps the planner from walking the index again, and the group's b-tree finds its rows.
  if (rows.length < args.k && (await groupHasMoreThan(db, inGroup, rows.length))) {
    rows = await queryRows<HitRow>(
      db,
      sql`SELECT * FROM (SELECT ${columns} FROM documents WHERE ${inGroup} OFFSET 0) exact
          ORDER BY distance LIMIT ${args.k}`,
    );
  }
  // Iterative scans in relaxed order (set per connection, lib/db/pg-pool.ts) may return near-ties swapped.
  rows.sort((a, b) => Number(a.distance) - Number(b.distance));
  return rows.map((r, i) => ({ ...toHit(r, args.metric), ranks: { vector: i + 1 } }));
}

async function groupHasMoreThan(db: Db, inGroup: SQL, n: number): Promise<boolean> {
  const found = await queryRows<{ id: unknown }>(
    db,
    sql`SELECT id FROM documents WHERE ${inGroup} OFFSET ${n} LIMIT 1`,
  );
  return found.length > 0;
}

export async function groupExists(db: Db, datasetId: string, group: string): Promise<boolean> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.datasetId, datasetId), eq(documents.groupKey, group)))
    .limit(1);
  return Boolean(row);
}

/** Documents of a group whose text contains any of the phrases (case-insensitive): the relevant set of an evaluation. */
export async function countMentioning(db: Db, datasetId: string, group: string, phrases: string[]): Promise<number> {
  const patterns = phrases.map((p) => `%${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const [row] = await db
    .select({ n: count() })
    .from(documents)
    .where(
      and(
        eq(documents.datasetId, datasetId),
        eq(documents.groupKey, group),
        sql`${documents.text} ILIKE ANY (${sql.raw("ARRAY[")}${sql.join(
          patterns.map((p) => sql`${p}`),
          sql`, `,
        )}${sql.raw("]")})`,
      ),
    );
  return Number(row?.n ?? 0);
}
