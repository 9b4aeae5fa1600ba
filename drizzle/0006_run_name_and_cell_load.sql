ALTER TABLE "generations" ADD COLUMN "load" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "note" text;