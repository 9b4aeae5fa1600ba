CREATE TABLE "endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"base_url" text NOT NULL,
	"api_key" text,
	"api" text DEFAULT 'completions' NOT NULL,
	"concurrent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "server" jsonb;