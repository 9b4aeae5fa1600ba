ALTER TABLE "generations" ADD COLUMN "quality" jsonb;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "question_id" bigint;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "model_a" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "model_b" text;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_question_id_run_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."run_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "votes_run" ON "votes" USING btree ("run_id");