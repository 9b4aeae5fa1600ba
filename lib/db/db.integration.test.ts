import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, type Database } from "./client";
import { listRuns } from "./queries/runs";
import { datasets, documents, generations, runQuestions, runs } from "./schema";
import { openTestDatabase, TEST_DRIVERS } from "./testing/drivers";
import { storedSettings } from "../runs/testing/settings";

describe.each(TEST_DRIVERS)("database on the %s driver", (driver) => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("has the vector extension and every table after migrating", async () => {
    const ext = await queryRows(database.db, sql`select extname from pg_extension where extname = 'vector'`);
    expect(ext).toHaveLength(1);
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["datasets", "documents", "generations", "models", "run_questions", "runs", "votes"]),
    );
  });

  it("stores vectors and ranks a group's documents by cosine distance", async () => {
    await database.db.insert(datasets).values({
      id: `ds-${driver}`,
      name: "reviews",
      sourceFile: "reviews.csv",
      fileSha256: `sha-${driver}`,
      fileBytes: 10,
      mapping: { text: ["reviews.text"], group: "asins", labels: [] },
      embedder: "test",
      embeddingDim: 3,
      metric: "cosine",
      status: "ready",
    });
    await database.db.insert(documents).values([
      { datasetId: `ds-${driver}`, groupKey: "A", sourceRow: 1, text: "near", embedding: [1, 0, 0] },
      { datasetId: `ds-${driver}`, groupKey: "A", sourceRow: 2, text: "far", embedding: [0, 1, 0] },
      { datasetId: `ds-${driver}`, groupKey: "B", sourceRow: 3, text: "other group", embedding: [1, 0, 0] },
    ]);
    const query = "[0.9,0.1,0]";
    const rows = await queryRows<{ text: string }>(
      database.db,
      sql`
      select text, embedding <=> ${query}::vector as distance from documents
      where dataset_id = ${`ds-${driver}`} and group_key = 'A' order by distance limit 2`,
    );
    expect(rows.map((r) => r.text)).toEqual(["near", "far"]);
    const [doc] = await database.db.select().from(documents).where(eq(documents.text, "near"));
    expect(doc.embedding).toEqual([1, 0, 0]);
  });

  it("keeps a run with its questions and generations, and lists runs newest first", async () => {
    await database.db.insert(runs).values([
      {
        id: `old-${driver}`,
        status: "completed",
        settings: storedSettings({ k: 2 }),
        createdAt: new Date("2026-01-01"),
      },
      { id: `new-${driver}`, status: "queued", settings: storedSettings({ k: 2 }), createdAt: new Date("2026-02-01") },
    ]);
    const [question] = await database.db
      .insert(runQuestions)
      .values({
        runId: `new-${driver}`,
        groupKey: "A",
        questionIndex: 0,
        question: "What do people like?",
        prompt: "Use the following...",
        documentIds: [1, 2],
        scores: [0.9, 0.5],
        embedMs: 3,
        retrievalMs: 1,
      })
      .returning();
    await database.db.insert(generations).values({
      runId: `new-${driver}`,
      questionId: question.id,
      model: "a.gguf",
      repetition: 0,
      status: "ok",
      answer: "They like it.",
      tokenTimes: [10, 20, 30],
    });
    const listed = await listRuns(database.db);
    expect(listed.map((r) => r.id).slice(0, 2)).toEqual([`new-${driver}`, `old-${driver}`]);
    // The same cell cannot be stored twice: a resumed run never duplicates a generation.
    await expect(
      database.db.insert(generations).values({
        runId: `new-${driver}`,
        questionId: question.id,
        model: "a.gguf",
        repetition: 0,
        status: "ok",
      }),
    ).rejects.toThrow();
  });
});
