import "server-only";
import type { Db } from "../db/client";
import { generationsOf } from "../db/queries/runs";
import { requireRun } from "../runs/detail";
import { rateModels } from "./bradley-terry";
import type { RatingsView } from "./types";
import { battlesOf } from "./votes";

// A run's ratings as the API and pages show them: Bradley–Terry with intervals, plus each model's mean answer
// length in words beside its score, since voters are known to favour longer answers.

export async function meanWords(db: Db, runIds: string[]): Promise<Map<string, number>> {
  const sums = new Map<string, { words: number; n: number }>();
  for (const id of runIds) {
    for (const g of await generationsOf(db, id)) {
      if (g.status !== "ok" || g.metrics.words === undefined) continue;
      const s = sums.get(g.model) ?? { words: 0, n: 0 };
      s.words += g.metrics.words;
      s.n++;
      sums.set(g.model, s);
    }
  }
  return new Map([...sums].map(([m, s]) => [m, s.words / s.n]));
}

export async function ratingsFor(db: Db, models: string[], runIds: string[]): Promise<RatingsView> {
  const [battles, words] = await Promise.all([battlesOf(db, runIds), meanWords(db, runIds)]);
  const result = rateModels(models, battles, { rounds: 200, seed: 1 });
  return { ...result, ratings: result.ratings.map((r) => ({ ...r, meanWords: words.get(r.model) ?? null })) };
}

export async function runRatings(db: Db, runId: string): Promise<RatingsView> {
  const run = await requireRun(db, runId);
  return ratingsFor(db, run.settings.models, [runId]);
}
