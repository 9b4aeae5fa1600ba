CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"source_file" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_bytes" bigint NOT NULL,
	"mapping" jsonb NOT NULL,
	"embedder" text NOT NULL,
	"embedding_dim" integer NOT NULL,
	"metric" text NOT NULL,
	"status" text NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"rows_skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"group_key" text NOT NULL,
	"source_row" integer NOT NULL,
	"text" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"embedding" vector
);
--> statement-breakpoint
CREATE TABLE "generations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"question_id" bigint NOT NULL,
	"model" text NOT NULL,
	"repetition" integer NOT NULL,
	"cold" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"token_times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stop_reason" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"path" text PRIMARY KEY NOT NULL,
	"size_bytes" bigint NOT NULL,
	"mtime_ms" double precision NOT NULL,
	"sha256" text,
	"facts" jsonb,
	"valid" boolean NOT NULL,
	"invalid_reason" text,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_questions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"group_key" text NOT NULL,
	"question_index" integer NOT NULL,
	"question" text NOT NULL,
	"prompt" text NOT NULL,
	"document_ids" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"embed_ms" real NOT NULL,
	"retrieval_ms" real NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"dataset_id" text,
	"settings" jsonb NOT NULL,
	"manifest" jsonb,
	"rerun_of" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"generation_a" bigint NOT NULL,
	"generation_b" bigint NOT NULL,
	"choice" text NOT NULL,
	"voter" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_question_id_run_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."run_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_questions" ADD CONSTRAINT "run_questions_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_generation_a_generations_id_fk" FOREIGN KEY ("generation_a") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_generation_b_generations_id_fk" FOREIGN KEY ("generation_b") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_file_sha256_embedder" ON "datasets" USING btree ("file_sha256","embedder");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_dataset_row" ON "documents" USING btree ("dataset_id","source_row");--> statement-breakpoint
CREATE INDEX "documents_dataset_group" ON "documents" USING btree ("dataset_id","group_key");--> statement-breakpoint
CREATE UNIQUE INDEX "generations_cell" ON "generations" USING btree ("run_id","question_id","model","repetition");--> statement-breakpoint
CREATE UNIQUE INDEX "run_questions_cell" ON "run_questions" USING btree ("run_id","group_key","question_index");--> statement-breakpoint
CREATE INDEX "runs_created_at" ON "runs" USING btree ("created_at");