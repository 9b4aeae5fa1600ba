CREATE TABLE "judge_grades" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"generation_id" bigint NOT NULL,
	"judge" text NOT NULL,
	"mode" text NOT NULL,
	"repeat" integer DEFAULT 0 NOT NULL,
	"parsed" boolean NOT NULL,
	"faithfulness" integer,
	"relevance" integer,
	"completeness" integer,
	"reasons" jsonb,
	"claims" jsonb,
	"support" real,
	"raw" text NOT NULL,
	"ms" integer NOT NULL,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "judge_jobs_run_judge";--> statement-breakpoint
ALTER TABLE "judge_jobs" ADD COLUMN "mode" text DEFAULT 'pairwise' NOT NULL;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD COLUMN "ms" integer;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD COLUMN "prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD COLUMN "completion_tokens" integer;--> statement-breakpoint
ALTER TABLE "judge_grades" ADD CONSTRAINT "judge_grades_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_grades" ADD CONSTRAINT "judge_grades_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "judge_grades_answer" ON "judge_grades" USING btree ("run_id","judge","mode","generation_id","repeat");--> statement-breakpoint
CREATE INDEX "judge_grades_generation" ON "judge_grades" USING btree ("generation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "judge_jobs_run_judge_mode" ON "judge_jobs" USING btree ("run_id","judge","mode");