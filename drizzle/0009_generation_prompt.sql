ALTER TABLE "generations" ADD COLUMN "prompt" text;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "prompt_format" text;