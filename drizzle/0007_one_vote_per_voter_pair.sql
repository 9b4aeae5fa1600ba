-- Votes cast before this index may hold several from one voter on one pair: keep each voter's latest.
DELETE FROM "votes" v USING "votes" later
WHERE v."run_id" = later."run_id" AND v."voter" = later."voter" AND v."question_id" = later."question_id"
  AND least(v."model_a", v."model_b") = least(later."model_a", later."model_b")
  AND greatest(v."model_a", v."model_b") = greatest(later."model_a", later."model_b")
  AND v."id" < later."id";--> statement-breakpoint
CREATE UNIQUE INDEX "votes_one_per_voter_pair" ON "votes" USING btree ("run_id","voter","question_id",least("model_a", "model_b"),greatest("model_a", "model_b"));
