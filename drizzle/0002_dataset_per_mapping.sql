DROP INDEX "datasets_file_sha256_embedder";--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "rows_cleaned" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_file_embedder_mapping" ON "datasets" USING btree ("file_sha256","embedder","mapping");