DROP INDEX "datasets_file_embedder_mapping";--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "rows_merged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "dedupe" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Datasets imported before this migration kept every duplicate: they say so (false); new ones collapse them.
ALTER TABLE "datasets" ALTER COLUMN "dedupe" SET DEFAULT true;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "duplicates" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "text_hash" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_file_embedder_mapping_dedupe" ON "datasets" USING btree ("file_sha256","embedder","mapping","dedupe");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_group_text" ON "documents" USING btree ("dataset_id","group_key","text_hash");--> statement-breakpoint
CREATE INDEX "documents_search_vector" ON "documents" USING gin ("search_vector");