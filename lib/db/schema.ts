import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { fromSql, toSql } from "pgvector";
import type { GenerationMetrics } from "../metrics/generation";
import type { ModelFacts } from "../models/gguf/inspect";
import type { CellLoad } from "../system/load-types";
import type { RunSettings } from "../runs/settings";
import type { DocumentCut, RunManifest } from "../runs/types";

/**
 * A pgvector column without a fixed dimension: datasets made by different embedders (384, 768, ...)
 * share one table. Each dataset gets its own partial HNSW index on `embedding::vector(dim)`.
 */
export const vector = customType<{ data: number[]; driverData: string }>({
  dataType: () => "vector",
  toDriver: (value) => toSql(value) as string,
  fromDriver: (value) => fromSql(value) as number[],
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

// ---- datasets and their documents -------------------------------------------------------------

export type ColumnMapping = { text: string[]; group: string | null; labels: string[] };

export const datasets = pgTable("datasets", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  sourceFile: text("source_file").notNull(),
  /** SHA-256 of the CSV bytes: importing the same file twice finds the first import. */
  fileSha256: text("file_sha256").notNull(),
  fileBytes: bigint("file_bytes", { mode: "number" }).notNull(),
  mapping: jsonb("mapping").$type<ColumnMapping>().notNull(),
  embedder: text("embedder").notNull(),
  embeddingDim: integer("embedding_dim").notNull(),
  metric: text("metric", { enum: ["cosine", "dot"] }).notNull(),
  status: text("status", { enum: ["pending", "importing", "ready", "failed", "cancelled"] }).notNull(),
  rowsTotal: integer("rows_total").notNull().default(0),
  rowsDone: integer("rows_done").notNull().default(0),
  rowsSkipped: integer("rows_skipped").notNull().default(0),
  /** Rows stored with characters Postgres cannot hold (NUL) replaced by U+FFFD. */
  rowsCleaned: integer("rows_cleaned").notNull().default(0),
  error: text("error"),
  createdAt: createdAt(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  // One dataset per file, embedder and column mapping (jsonb equality): the same file mapped otherwise is
  // another dataset.
}, (t) => [uniqueIndex("datasets_file_embedder_mapping").on(t.fileSha256, t.embedder, t.mapping)]);

export const documents = pgTable("documents", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  datasetId: text("dataset_id").notNull().references(() => datasets.id, { onDelete: "cascade" }),
  groupKey: text("group_key").notNull(),
  /** 1-based data row of the CSV (header excluded), so a resumed import knows where it stopped. */
  sourceRow: integer("source_row").notNull(),
  text: text("text").notNull(),
  metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
  embedding: vector("embedding"),
}, (t) => [
  uniqueIndex("documents_dataset_row").on(t.datasetId, t.sourceRow),
  index("documents_dataset_group").on(t.datasetId, t.groupKey),
]);

// ---- model inventory cache ---------------------------------------------------------------------

export const models = pgTable("models", {
  /** The file name inside the models directory. */
  path: text("path").primaryKey(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  mtimeMs: doublePrecision("mtime_ms").notNull(),
  sha256: text("sha256"),
  facts: jsonb("facts").$type<ModelFacts>(),
  valid: boolean("valid").notNull(),
  invalidReason: text("invalid_reason"),
  scannedAt: timestamp("scanned_at", { withTimezone: true }).notNull().defaultNow(),
});

// ---- comparison runs ---------------------------------------------------------------------------

export const runs = pgTable("runs", {
  id: text("id").primaryKey(),
  status: text("status", {
    enum: ["queued", "running", "completed", "failed", "cancelled", "interrupted"],
  }).notNull(),
  datasetId: text("dataset_id").references(() => datasets.id, { onDelete: "set null" }),
  settings: jsonb("settings").$type<RunSettings>().notNull(),
  manifest: jsonb("manifest").$type<RunManifest>(),
  rerunOf: text("rerun_of"),
  /** A name and a note the user gives the run (optional; edited on the run page). */
  name: text("name"),
  note: text("note"),
  error: text("error"),
  createdAt: createdAt(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
}, (t) => [index("runs_created_at").on(t.createdAt)]);

/** One retrieval per question, shared by every model of the run, so all get identical context. */
export const runQuestions = pgTable("run_questions", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
  groupKey: text("group_key").notNull(),
  questionIndex: integer("question_index").notNull(),
  question: text("question").notNull(),
  prompt: text("prompt").notNull(),
  documentIds: jsonb("document_ids").$type<number[]>().notNull(),
  scores: jsonb("scores").$type<number[]>().notNull(),
  /** Documents cut to the per-document character cap (LINEUP_DOC_CHAR_CAP) before the prompt was built. */
  documentsCut: jsonb("documents_cut").$type<DocumentCut[]>().notNull().default([]),
  embedMs: real("embed_ms").notNull(),
  retrievalMs: real("retrieval_ms").notNull(),
}, (t) => [uniqueIndex("run_questions_cell").on(t.runId, t.groupKey, t.questionIndex)]);

export const generations = pgTable("generations", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
  questionId: bigint("question_id", { mode: "number" }).notNull().references(() => runQuestions.id, { onDelete: "cascade" }),
  /** Model file name, as listed in the inventory; its SHA-256 is in the run manifest. */
  model: text("model").notNull(),
  repetition: integer("repetition").notNull(),
  /** First generation of a freshly loaded model: warm-up effects are labelled, not hidden. */
  cold: boolean("cold").notNull().default(false),
  status: text("status", { enum: ["ok", "failed", "cancelled"] }).notNull(),
  answer: text("answer").notNull().default(""),
  /** Milliseconds since the request started, one per generated token. */
  tokenTimes: jsonb("token_times").$type<number[]>().notNull().default([]),
  metrics: jsonb("metrics").$type<Partial<GenerationMetrics>>().notNull().default({}),
  /** The machine's load while this answer was generated (lib/system/load.ts); null before it was recorded, or off Linux. */
  load: jsonb("load").$type<CellLoad>(),
  stopReason: text("stop_reason"),
  error: text("error"),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("generations_cell").on(t.runId, t.questionId, t.model, t.repetition)]);

// ---- quality votes (blind pairwise, for later quality work) --------------------------------------

export const votes = pgTable("votes", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  runId: text("run_id").notNull().references(() => runs.id, { onDelete: "cascade" }),
  generationA: bigint("generation_a", { mode: "number" }).notNull().references(() => generations.id, { onDelete: "cascade" }),
  generationB: bigint("generation_b", { mode: "number" }).notNull().references(() => generations.id, { onDelete: "cascade" }),
  choice: text("choice", { enum: ["a", "b", "tie", "both_bad"] }).notNull(),
  voter: text("voter"),
  createdAt: createdAt(),
});

export type Dataset = typeof datasets.$inferSelect;
export type NewDataset = typeof datasets.$inferInsert;
export type DocumentRow = typeof documents.$inferSelect;
export type ModelRow = typeof models.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type RunQuestion = typeof runQuestions.$inferSelect;
export type Generation = typeof generations.$inferSelect;
export type Vote = typeof votes.$inferSelect;
