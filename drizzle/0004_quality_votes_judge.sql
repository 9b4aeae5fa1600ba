CREATE TABLE "judge_verdicts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"judge" text NOT NULL,
	"question_id" bigint NOT NULL,
	"model_a" text NOT NULL,
	"model_b" text NOT NULL,
	"first_order" text,
	"second_order" text,
	"raw" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "quality" jsonb;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "question_id" bigint;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "model_a" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "model_b" text;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judge_verdicts" ADD CONSTRAINT "judge_verdicts_question_id_run_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."run_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "judge_verdicts_pair" ON "judge_verdicts" USING btree ("run_id","judge","question_id","model_a","model_b");--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_question_id_run_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."run_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "votes_run" ON "votes" USING btree ("run_id");