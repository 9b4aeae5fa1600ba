import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadPathOf, openDatabase, pgliteBuffersFor, queryRows } from "../db/client";
import { insertDataset, findDataset, updateDataset } from "../db/queries/datasets";
import {
  analyzeDocuments,
  createVectorIndex,
  embeddingExpr,
  indexTypeOf,
  nearestInGroup,
  type NewDocument,
} from "../db/queries/documents";
import { documents } from "../db/schema";
import { TEST_DRIVERS } from "../db/testing/drivers";
import { getEmbedder } from "../embeddings/registry";
import { isAppError } from "../errors";
import { mulberry32 } from "../random";
import { pgliteMaxRows, serverBuildMemoryMb } from "./capacity";
import { runImport, write } from "./import-job";
import { buildVectorIndex, type IndexProgress } from "./index-build";
import { cancelImport } from "./jobs";
import { progressFromRow, watchProgress } from "./progress";
import { createDataset } from "./service";
import { testContext, uploadText } from "./testing/context";

// Issue 25 on every database this machine can test: in-process PGlite on its thread (COPY from a staged file), PGlite
// behind a socket (plain INSERT), and a PostgreSQL server when TEST_DATABASE_URL names one (COPY FROM STDIN).

const DIM = 16;
function vectorOf(seed: number): number[] {
  const r = mulberry32(seed + 1);
  return Array.from({ length: DIM }, () => r() - 0.5);
}

describe.each(TEST_DRIVERS)("at scale, on the %s driver", (driver) => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext(driver);
  });
  afterAll(() => ctx?.close());

  it("bulk-loads an interrupted import and resumes it: every row is there once, stored as halfvec of its dimension", async () => {
    const total = 2000;
    const rows = [
      "asins,reviews.title,reviews.text",
      ...Array.from({ length: total }, (_, i) => `G${i % 3},t${i},review number ${i} about battery`),
    ];
    const { dataset } = await createDataset(ctx, { uploadId: (await uploadText(ctx, rows.join("\n"))).id });
    for await (const p of watchProgress(progressFromRow(dataset))) if (p.rowsDone > 0) break;
    await cancelImport(ctx.db, dataset.id);
    const cancelled = (await findDataset(ctx.db, dataset.id))!;
    expect(cancelled.rowsDone).toBeGreaterThan(0);
    expect(cancelled.rowsDone).toBeLessThan(total);

    await updateDataset(ctx.db, dataset.id, { status: "importing" });
    const embedder = await getEmbedder(ctx.modelsDir, dataset.embedder);
    await runImport(dataset.id, { db: ctx.db, embedder, signal: new AbortController().signal });
    const done = (await findDataset(ctx.db, dataset.id))!;
    expect(done.status).toBe("ready");
    expect(done.rowsDone).toBe(total);
    const [stored] = await queryRows<{ n: string; distinct_rows: string; type: string; dims: number }>(
      ctx.db,
      sql`SELECT count(*) AS n, count(DISTINCT source_row) AS distinct_rows, min(pg_typeof(embedding)::text) AS type,
                 min(vector_dims(embedding)) AS dims FROM documents WHERE dataset_id = ${dataset.id}`,
    );
    expect(Number(stored.n)).toBe(total);
    expect(Number(stored.distinct_rows)).toBe(total);
    expect(stored).toMatchObject({ type: "halfvec", dims: embedder.dim });
  });

  it("stores a vector exactly as pgvector's own halfvec cast would", async () => {
    const id = `ds_exact_${driver}`;
    await insertDataset(ctx.db, {
      ...{ id, name: id, sourceFile: "x", fileSha256: id, fileBytes: 1, embedder: "e", embeddingDim: 4 },
      ...{ mapping: { text: ["t"], group: "g", labels: [] }, metric: "cosine", dedupe: false, status: "importing" },
    });
    // Values that round differently to half precision: ties, subnormals, the largest half, a repeating fraction.
    const embedding = [0.1, 1 + 2 ** -11, 3e-6, 65504];
    const doc: NewDocument = { groupKey: "g", sourceRow: 1, text: "t", metadata: {}, embedding, textHash: null };
    await write(
      ctx.db,
      { id, dedupe: false },
      { docs: [doc], repeats: [], merged: 0, skipped: 0, rows: 1, cleaned: 0 },
      null,
    );
    const [row] = await queryRows<{ same: boolean }>(
      ctx.db,
      sql`SELECT embedding = ${`[${embedding.join(",")}]`}::halfvec AS same FROM documents WHERE dataset_id = ${id}`,
    );
    expect(row.same).toBe(true);
  });

  it("returns k hits for every group through the HNSW index, however small the group is among the others", async () => {
    // 60 groups of 40 rows: a group is under 2% of the dataset, where a plain filtered HNSW scan (ef_search 40)
    // returns a row or two and stops.
    const id = `ds_groups_${driver}`;
    const groups = 60;
    const perGroup = 40;
    await insertDataset(ctx.db, {
      ...{ id, name: id, sourceFile: "x", fileSha256: id, fileBytes: 1, embedder: "e", embeddingDim: DIM },
      ...{ mapping: { text: ["t"], group: "g", labels: [] }, metric: "cosine", dedupe: false, status: "importing" },
    });
    const docs: NewDocument[] = Array.from({ length: groups * perGroup }, (_, i) => ({
      groupKey: `P${i % groups}`,
      sourceRow: i + 1,
      text: `review ${i}`,
      metadata: {},
      embedding: vectorOf(i),
      textHash: null,
    }));
    for (let i = 0; i < docs.length; i += 500) {
      const batch = docs.slice(i, i + 500);
      await write(
        ctx.db,
        { id, dedupe: false },
        { docs: batch, repeats: [], merged: 0, skipped: 0, rows: batch.length, cleaned: 0 },
        null,
      );
    }
    await createVectorIndex(ctx.db, id, DIM, "cosine");
    await analyzeDocuments(ctx.db);
    const type = indexTypeOf(ctx.db);
    const query = vectorOf(99_999);
    // The path under test is the HNSW index: at this size the planner would rather sort the group's 40 rows
    // (exact), so sorting is priced out. The pool hands back its last idle connection, so these settings and the
    // searches after them share a session (PGlite has only one).
    await queryRows(ctx.db, sql`SET enable_sort = off`);
    await queryRows(ctx.db, sql`SET enable_seqscan = off`);
    try {
      const plan = await queryRows<{ "QUERY PLAN": string }>(
        ctx.db,
        sql.raw(
          `EXPLAIN SELECT id FROM documents WHERE dataset_id = '${id}' AND group_key = 'P7' ORDER BY ${embeddingExpr(DIM, type)} <=> '[${query.join(",")}]'::${type} LIMIT 10`,
        ),
      );
      expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain(`documents_hnsw_${id}`);
      for (let g = 0; g < groups; g++) {
        const hits = await nearestInGroup(ctx.db, {
          datasetId: id,
          dim: DIM,
          metric: "cosine",
          group: `P${g}`,
          query,
          k: 10,
        });
        expect(hits, `group P${g}`).toHaveLength(10);
        expect(hits.every((h) => h.groupKey === `P${g}`)).toBe(true);
        expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
      }
    } finally {
      await queryRows(ctx.db, sql`RESET enable_sort`);
      await queryRows(ctx.db, sql`RESET enable_seqscan`);
    }
    const stored = await ctx.db.select({ id: documents.id }).from(documents).where(eq(documents.datasetId, id));
    expect(stored).toHaveLength(groups * perGroup);
  });

  it("finds every row of a tiny group among 30,000 rows, even where the HNSW scan gives up before reaching them", async () => {
    // Three rows far from the question among 30,000 near it: an iterative scan stops after hnsw.max_scan_tuples
    // (20,000) candidates having found one of them (seen here); the group is then searched exactly.
    const id = `ds_tiny_${driver}`;
    await insertDataset(ctx.db, {
      ...{ id, name: id, sourceFile: "x", fileSha256: id, fileBytes: 1, embedder: "e", embeddingDim: DIM },
      ...{ mapping: { text: ["t"], group: "g", labels: [] }, metric: "cosine", dedupe: false, status: "importing" },
    });
    const tiny = (i: number) => i % 10_000 === 5;
    const shifted = (seed: number, by: number) => vectorOf(seed).map((x, d) => (d === 0 ? x + by : x));
    const docs: NewDocument[] = Array.from({ length: 30_000 }, (_, i) => ({
      groupKey: tiny(i) ? "TINY" : "BIG",
      sourceRow: i + 1,
      text: `review ${i}`,
      metadata: {},
      embedding: shifted(i, tiny(i) ? -5 : 1),
      textHash: null,
    }));
    for (let i = 0; i < docs.length; i += 2000) {
      const batch = docs.slice(i, i + 2000);
      const counts = { repeats: [], merged: 0, skipped: 0, rows: batch.length, cleaned: 0 };
      await write(ctx.db, { id, dedupe: false }, { docs: batch, ...counts }, null);
    }
    await createVectorIndex(ctx.db, id, DIM, "cosine");
    await analyzeDocuments(ctx.db);
    // The planner would sort the group's three rows (exact) itself: it is made to walk the index, as it does when
    // its statistics take the group for a large one.
    for (const s of ["enable_sort", "enable_seqscan", "enable_bitmapscan"])
      await queryRows(ctx.db, sql.raw(`SET ${s} = off`));
    try {
      const hits = await nearestInGroup(ctx.db, {
        datasetId: id,
        dim: DIM,
        metric: "cosine",
        group: "TINY",
        query: shifted(99_999, 1),
        k: 3,
      });
      expect(hits.map((h) => h.sourceRow).sort((a, b) => a - b)).toEqual([6, 10_006, 20_006]);
    } finally {
      for (const s of ["enable_sort", "enable_seqscan", "enable_bitmapscan"])
        await queryRows(ctx.db, sql.raw(`RESET ${s}`));
    }
  }, 300_000);

  it("reports the index build's own progress: measured from the server, estimated from time on PGlite, ending at 100%", async () => {
    const id = `ds_progress_${driver}`;
    const server = loadPathOf(ctx.db).path === "copy-stdin";
    const rows = server ? 20_000 : 3_000;
    const dim = 384;
    await insertDataset(ctx.db, {
      ...{ id, name: id, sourceFile: "x", fileSha256: id, fileBytes: 1, embedder: "e", embeddingDim: dim },
      ...{ mapping: { text: ["t"], group: "g", labels: [] }, metric: "cosine", dedupe: false, status: "importing" },
    });
    const r = mulberry32(3);
    for (let i = 0; i < rows; i += 1000) {
      const docs = Array.from({ length: 1000 }, (_, j) => ({
        ...{ groupKey: `P${j % 5}`, sourceRow: i + j + 1, text: "t", metadata: {}, textHash: null },
        embedding: Array.from({ length: dim }, () => r() - 0.5),
      }));
      await write(
        ctx.db,
        { id, dedupe: false },
        { docs, repeats: [], merged: 0, skipped: 0, rows: 1000, cleaned: 0 },
        null,
      );
    }
    const reports: IndexProgress[] = [];
    const { seconds } = await buildVectorIndex(
      ctx.db,
      { id, rowsDone: rows, embeddingDim: dim, metric: "cosine" },
      (p) => reports.push(p),
    );
    expect(reports[0]).toEqual({ percent: 0, estimated: !server });
    expect(reports.at(-1)).toEqual({ percent: 100, estimated: false });
    const between = reports.slice(1, -1);
    expect(between.every((p) => p.estimated === !server && p.percent >= 0 && p.percent < 100)).toBe(true);
    const percents = between.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // A build of more than two poll intervals is seen under way.
    if (seconds > 2.5) expect(between.some((p) => p.percent > 0)).toBe(true);
  });

  it("refuses, before storing anything, an import past PGlite's ceiling, saying to set DATABASE_URL; a server takes it", async () => {
    const csv = ["asins,reviews.text", ...Array.from({ length: 150 }, (_, i) => `G${i % 2},review ${i} battery`)];
    const upload = await uploadText(ctx, csv.join("\n"));
    const limited = { ...ctx, embeddedRowLimit: 100 };
    const before = await queryRows<{ n: string }>(ctx.db, sql`SELECT count(*) AS n FROM datasets`);
    const result = await createDataset(limited, { uploadId: upload.id }).then(
      (r) => r,
      (err: unknown) => err,
    );
    if (loadPathOf(ctx.db).path === "copy-stdin") {
      // A PostgreSQL server has no such ceiling.
      expect(isAppError(result)).toBe(false);
      return;
    }
    expect(isAppError(result) && result.status).toBe(413);
    expect((result as Error).message).toMatch(/This CSV has 150 rows/);
    expect((result as Error).message).toMatch(/more than the embedded database can index: about 100 rows/);
    expect((result as Error).message).toMatch(
      /Set DATABASE_URL to a PostgreSQL server with pgvector \(`docker compose up` starts one\)/,
    );
    const after = await queryRows<{ n: string }>(ctx.db, sql`SELECT count(*) AS n FROM datasets`);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe("PGlite's shared buffers", () => {
  it("stay small for small data and, at the next start, grow to hold the search indexes stored", async () => {
    expect(pgliteBuffersFor(0)).toBe(16);
    expect(pgliteBuffersFor(195 * 2 ** 20)).toBe(231); // the 100,000 × 384 index of bench:scale
    expect(pgliteBuffersFor(10 * 2 ** 30)).toBe(384);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-buffers-"));
    try {
      let database = await openDatabase({ driver: "pglite", dataDir });
      expect(database.sharedBuffersMb).toBe(16);
      const id = "ds_buffers";
      await insertDataset(database.db, {
        ...{ id, name: id, sourceFile: "x", fileSha256: id, fileBytes: 1, embedder: "e", embeddingDim: 64 },
        ...{ mapping: { text: ["t"], group: "g", labels: [] }, metric: "cosine", dedupe: false, status: "importing" },
      });
      const r = mulberry32(7);
      for (let i = 0; i < 12_000; i += 2000) {
        const docs = Array.from({ length: 2000 }, (_, j) => ({
          ...{ groupKey: "g", sourceRow: i + j + 1, text: "t", metadata: {}, textHash: null },
          embedding: Array.from({ length: 64 }, () => r() - 0.5),
        }));
        await write(
          database.db,
          { id, dedupe: false },
          { docs, repeats: [], merged: 0, skipped: 0, rows: 2000, cleaned: 0 },
          null,
        );
      }
      await createVectorIndex(database.db, id, 64, "cosine");
      const [{ bytes }] = await queryRows<{ bytes: string }>(
        database.db,
        sql.raw(`SELECT pg_relation_size('documents_hnsw_${id}') AS bytes`),
      );
      await database.close();
      database = await openDatabase({ driver: "pglite", dataDir });
      try {
        expect(database.sharedBuffersMb).toBe(pgliteBuffersFor(Number(bytes)));
        expect(database.sharedBuffersMb).toBeGreaterThan(16);
        const [shown] = await queryRows<{ shared_buffers: string }>(database.db, sql`SHOW shared_buffers`);
        expect(shown.shared_buffers).toBe(`${database.sharedBuffersMb}MB`);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // An HNSW build of 12,000 rows inside PGlite, with two opens: a minute on a busy 2-core machine.
  }, 240_000);
});

describe("PGlite's ceiling", () => {
  it("is the rows whose HNSW graph fits in 1 GiB: about 510,000 at 384 dimensions, 295,000 at 768", () => {
    expect(pgliteMaxRows(384)).toBe(Math.floor(2 ** 30 / (567 + 4.004 * 384)));
    expect(Math.round(pgliteMaxRows(384) / 1000)).toBe(510);
    expect(Math.round(pgliteMaxRows(768) / 1000)).toBe(295);
  });
});

describe("a server's index build memory", () => {
  it("holds the graph of the rows (a million × 384: about 1.5 GB), never less than 64 MB nor more than the cap", () => {
    expect(serverBuildMemoryMb(1_000_000, 384, 2048)).toBe(Math.round((1e6 * (567 + 768) * 1.2) / 2 ** 20));
    expect(serverBuildMemoryMb(1_000_000, 384, 2048)).toBeGreaterThan(1400);
    expect(serverBuildMemoryMb(1_000_000, 1024, 2048)).toBe(2048);
    expect(serverBuildMemoryMb(500, 384, 2048)).toBe(64);
  });
});
