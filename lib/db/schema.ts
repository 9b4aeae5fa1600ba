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
import { sql } from "drizzle-orm";
import { fromSql, toSql } from "pgvector";
import type { GenerationMetrics } from "../metrics/generation";
import type { ModelFacts } from "../models/gguf/inspect";
import type { QualityScores } from "../quality/scores-meta";
import type { SweepSettings } from "../sweeps/settings";
import type { SweepMachine, SweepModel, SweepPoint, SweepSkip } from "../sweeps/types";
import type { CellLoad } from "../system/load-types";
import type { RunSettings } from "../runs/settings";
import type { ServerFigures } from "../remote/types";
import type { DocumentCut, RunManifest } from "../runs/types";
import type { Claim as JudgeClaim } from "../quality/judging/prompts";

/**
 * A pgvector column without a fixed dimension: datasets made by different embedders (384, 768, ...)
 * share one table. Each dataset gets its own partial HNSW index on `embedding::halfvec(dim)` (on PGlite
 * `embedding::vector(dim)`, see indexTypeOf), its dimension recorded in `datasets.embedding_dim`. Half precision
 * (2 bytes a dimension): half the disk, and on a server half the index to hold in memory (README, bench:scale).
 */
export const halfvec = customType<{ data: number[]; driverData: string }>({
  dataType: () => "halfvec",
  toDriver: (value) => toSql(value) as string,
  fromDriver: (value) => fromSql(value) as number[],
});

/** Postgres full-text search vector, generated from the document text (never written by the app). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

// ---- datasets and their documents -------------------------------------------------------------

export type ColumnMapping = { text: string[]; group: string | null; labels: string[] };

export const datasets = pgTable(
  "datasets",
  {
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
    /** Rows whose normalised text repeated a document of the same group: counted on that document, not stored. */
    rowsMerged: integer("rows_merged").notNull().default(0),
    /** Identical texts within a group are stored once (with their count). Datasets imported before this existed: false. */
    dedupe: boolean("dedupe").notNull().default(true),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    // One dataset per file, embedder and column mapping (jsonb equality): the same file mapped otherwise is
    // another dataset.
  },
  (t) => [uniqueIndex("datasets_file_embedder_mapping_dedupe").on(t.fileSha256, t.embedder, t.mapping, t.dedupe)],
);

export const documents = pgTable(
  "documents",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    datasetId: text("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    groupKey: text("group_key").notNull(),
    /** 1-based data row of the CSV (header excluded), so a resumed import knows where it stopped. */
    sourceRow: integer("source_row").notNull(),
    text: text("text").notNull(),
    metadata: jsonb("metadata").$type<Record<string, string>>().notNull().default({}),
    embedding: halfvec("embedding"),
    /** How many rows of the CSV had this (normalised) text in this group; 1 unless the dataset collapses duplicates. */
    duplicates: integer("duplicates").notNull().default(1),
    /** Hash of the normalised text, set only when the dataset collapses duplicates (NULLs never conflict). */
    textHash: text("text_hash"),
    /** English full-text search vector of the text, for hybrid retrieval. */
    searchVector: tsvector("search_vector").generatedAlwaysAs(sql`to_tsvector('english', "text")`),
  },
  (t) => [
    uniqueIndex("documents_dataset_row").on(t.datasetId, t.sourceRow),
    index("documents_dataset_group").on(t.datasetId, t.groupKey),
    uniqueIndex("documents_group_text").on(t.datasetId, t.groupKey, t.textHash),
    index("documents_search_vector").using("gin", t.searchVector),
  ],
);

// ---- model inventory cache ---------------------------------------------------------------------

export const models = pgTable("models", {
  /** The model's id: its file name inside the models directory, or its source-prefixed id (lib/models/sources/). */
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

export const runs = pgTable(
  "runs",
  {
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
  },
  (t) => [index("runs_created_at").on(t.createdAt)],
);

/** One retrieval per question, shared by every model of the run, so all get identical context. */
export const runQuestions = pgTable(
  "run_questions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
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
  },
  (t) => [uniqueIndex("run_questions_cell").on(t.runId, t.groupKey, t.questionIndex)],
);

export const generations = pgTable(
  "generations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    questionId: bigint("question_id", { mode: "number" })
      .notNull()
      .references(() => runQuestions.id, { onDelete: "cascade" }),
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
    /** Reference-free quality scores (lib/quality/scores.ts), computed when the run ends; null until then. */
    quality: jsonb("quality").$type<QualityScores>(),
    /** A remote model's own figures (llama-server `timings`, /metrics), kept apart from the client-side metrics. */
    server: jsonb("server").$type<ServerFigures>(),
    /** The exact text the model received, and its format ("raw", or "chat": its own chat template); null before. */
    prompt: text("prompt"),
    promptFormat: text("prompt_format", { enum: ["raw", "chat"] }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("generations_cell").on(t.runId, t.questionId, t.model, t.repetition)],
);

// ---- quality votes (blind pairwise, lib/quality/votes.ts) ---------------------------------------

export const votes = pgTable(
  "votes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    generationA: bigint("generation_a", { mode: "number" })
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    generationB: bigint("generation_b", { mode: "number" })
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    choice: text("choice", { enum: ["a", "b", "tie", "both_bad"] }).notNull(),
    voter: text("voter"),
    /** The question and the two model files, kept beside the generations so ratings need no join. */
    questionId: bigint("question_id", { mode: "number" }).references(() => runQuestions.id, { onDelete: "cascade" }),
    modelA: text("model_a"),
    modelB: text("model_b"),
    createdAt: createdAt(),
  },
  (t) => [
    index("votes_run").on(t.runId),
    // One vote per voter per (question, model pair), whichever side each model was shown on; a new vote replaces it.
    uniqueIndex("votes_one_per_voter_pair").on(
      t.runId,
      t.voter,
      t.questionId,
      sql`least(${t.modelA}, ${t.modelB})`,
      sql`greatest(${t.modelA}, ${t.modelB})`,
    ),
  ],
);

/**
 * A local judge model's verdicts on a pair of answers (lib/quality/judge.ts), kept apart from human votes.
 * Each pair is judged twice, in both orders; the winners are written in terms of model_a / model_b.
 */
export const judgeVerdicts = pgTable(
  "judge_verdicts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    judge: text("judge").notNull(),
    questionId: bigint("question_id", { mode: "number" })
      .notNull()
      .references(() => runQuestions.id, { onDelete: "cascade" }),
    modelA: text("model_a").notNull(),
    modelB: text("model_b").notNull(),
    /** Winner with model_a's answer shown first, then with model_b's shown first; null when the output did not parse. */
    firstOrder: text("first_order", { enum: ["a", "b", "tie"] }),
    secondOrder: text("second_order", { enum: ["a", "b", "tie"] }),
    raw: jsonb("raw").$type<string[]>().notNull().default([]),
    /** Time and tokens of both judgements together (null in verdicts stored before they were recorded). */
    ms: integer("ms"),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("judge_verdicts_pair").on(t.runId, t.judge, t.questionId, t.modelA, t.modelB)],
);

/**
 * A judge's grade of one answer (lib/quality/judging): "rubric" (1–5 for faithfulness, relevance and
 * completeness, with reasons) or "claims" (the answer's claims, each supported by the reviews or not; score =
 * supported ÷ claims). `repeat` 1 is the same answer graded a second time, for the judge's self-consistency.
 * A reply that did not parse is kept (parsed false, raw) so it counts against the judge's parse rate.
 */
export const judgeGrades = pgTable(
  "judge_grades",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    generationId: bigint("generation_id", { mode: "number" })
      .notNull()
      .references(() => generations.id, { onDelete: "cascade" }),
    judge: text("judge").notNull(),
    mode: text("mode", { enum: ["rubric", "claims"] }).notNull(),
    repeat: integer("repeat").notNull().default(0),
    parsed: boolean("parsed").notNull(),
    faithfulness: integer("faithfulness"),
    relevance: integer("relevance"),
    completeness: integer("completeness"),
    reasons: jsonb("reasons").$type<Record<string, string>>(),
    claims: jsonb("claims").$type<JudgeClaim[]>(),
    /** Claims: supported ÷ claims (null with no claims); rubric: null. */
    support: real("support"),
    raw: text("raw").notNull(),
    ms: integer("ms").notNull(),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("judge_grades_answer").on(t.runId, t.judge, t.mode, t.generationId, t.repeat),
    index("judge_grades_generation").on(t.generationId),
  ],
);
export type JudgeGradeRow = typeof judgeGrades.$inferSelect;

/**
 * A judge's job on a run (lib/quality/judge-run.ts), kept so its state outlives a restart: a queued judge is
 * queued again at start, and one that was judging when the server stopped is shown as interrupted.
 */
export const judgeJobs = pgTable(
  "judge_jobs",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    judge: text("judge").notNull(),
    mode: text("mode", { enum: ["pairwise", "rubric", "claims"] })
      .notNull()
      .default("pairwise"),
    state: text("state", { enum: ["queued", "running", "done", "failed", "cancelled", "interrupted"] }).notNull(),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    error: text("error"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("judge_jobs_run_judge_mode").on(t.runId, t.judge, t.mode)],
);
export type JudgeJobRow = typeof judgeJobs.$inferSelect;

// ---- remote OpenAI-compatible endpoints (llama-server, vLLM, Ollama, ...) ------------------------

export const endpoints = pgTable("endpoints", {
  id: text("id").primaryKey(),
  baseUrl: text("base_url").notNull(),
  /** Sent to the endpoint only; never serialised to the browser, exports or share pages (lib/remote/endpoints.ts). */
  apiKey: text("api_key"),
  api: text("api", { enum: ["completions", "chat"] })
    .notNull()
    .default("completions"),
  /** Opt-in: this endpoint's models may run at the same time as models elsewhere. */
  concurrent: boolean("concurrent").notNull().default(false),
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
export type JudgeVerdict = typeof judgeVerdicts.$inferSelect;
export type EndpointRow = typeof endpoints.$inferSelect;

// ---- context sweeps (lib/sweeps/) ------------------------------------------------------------------

/**
 * A sweep: speed and KV cache memory of models at growing context depths, over threads, KV cache types and flash
 * attention. A few hundred points at most, so they are kept whole as JSON beside the settings.
 */
export const sweeps = pgTable(
  "sweeps",
  {
    id: text("id").primaryKey(),
    status: text("status", { enum: ["queued", "running", "done", "failed", "cancelled", "interrupted"] }).notNull(),
    settings: jsonb("settings").$type<SweepSettings>().notNull(),
    models: jsonb("models")
      .$type<SweepModel[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    points: jsonb("points")
      .$type<SweepPoint[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    skipped: jsonb("skipped")
      .$type<SweepSkip[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    current: text("current"),
    machine: jsonb("machine").$type<SweepMachine>(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("sweeps_created").on(t.createdAt)],
);
export type SweepRow = typeof sweeps.$inferSelect;
