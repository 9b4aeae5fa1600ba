import "server-only";
import type { Db } from "../db/client";
import { generationsOf } from "../db/queries/runs";
import { requireRun } from "../runs/detail";
import { rateModels } from "./bradley-terry";
import type { RatingsView } from "./types";
import { asBattles } from "./votes";
import { votesOf } from "../db/queries/votes";
import type { Generation, Vote } from "../db/schema";
import { mean } from "../metrics/stats";

// A run's ratings as the API and pages show them: Bradley–Terry with intervals, plus each model's mean answer
// length in words beside its score, since voters are known to favour longer answers.

/** Each model's mean answer length in words over its successful answers. */
function meanWords(gens: Generation[]): Map<string, number> {
  const words = new Map<string, number[]>();
  for (const g of gens) {
    if (g.status !== "ok" || g.metrics.words === undefined) continue;
    const mine = words.get(g.model) ?? [];
    mine.push(g.metrics.words);
    words.set(g.model, mine);
  }
  return new Map([...words].map(([m, w]) => [m, mean(w)!]));
}

/** Ratings from votes and the answers' lengths already loaded (the leaderboard has them). */
export function ratingsFrom(models: string[], votes: Vote[], gens: Generation[]): RatingsView {
  const result = rateModels(models, asBattles(votes), { rounds: 200, seed: 1 });
  const words = meanWords(gens);
  return { ...result, ratings: result.ratings.map((r) => ({ ...r, meanWords: words.get(r.model) ?? null })) };
}

export async function runRatings(db: Db, runId: string): Promise<RatingsView> {
  const run = await requireRun(db, runId);
  const [votes, gens] = await Promise.all([votesOf(db, runId), generationsOf(db, runId)]);
  return ratingsFrom(run.settings.models, votes, gens);
}
