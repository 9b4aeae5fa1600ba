import "server-only";
import type { Db } from "../db/client";
import { listDatasets } from "../db/queries/datasets";
import { generationsOf, listRuns } from "../db/queries/runs";
import { votesOf } from "../db/queries/votes";
import { isFinalRunStatus } from "../runs/status";
import { mean, percentile } from "../metrics/stats";
import { ratingsFrom } from "./ratings";
import { judgedFigures, type JudgedFigures } from "./leaderboard-judges";
import type { RatingsView } from "./types";

// Ratings across runs: runs that asked the same questions of the same groups of the same dataset pool their
// votes (a model is its file name), since their answers were judged on the same ground. Runs on other questions
// form their own board; pooling them would compare answers to different questions.

export type LeaderboardBoard = {
  key: string;
  datasetName: string;
  questions: string[];
  groupCount: number;
  runIds: string[];
  ratings: RatingsView;
  /** Per model: mean decode rate (tok/s) and mean groundedness over its answers in these runs. */
  figures: Record<string, { tokensPerSecond: number | null; groundedness: number | null }>;
  /** Judges' grades pooled over these runs; null when no judge has graded them. */
  judged: JudgedFigures | null;
};

export async function leaderboard(db: Db): Promise<LeaderboardBoard[]> {
  const [runs, datasets] = await Promise.all([listRuns(db, 500), listDatasets(db)]);
  const boards = new Map<string, { runs: typeof runs; models: Set<string> }>();
  for (const run of runs.filter((r) => isFinalRunStatus(r.status))) {
    const s = run.settings;
    const key = JSON.stringify([s.datasetId, s.questions, [...s.groups].sort()]);
    const board = boards.get(key) ?? { runs: [], models: new Set<string>() };
    board.runs.push(run);
    s.models.forEach((m) => board.models.add(m));
    boards.set(key, board);
  }
  const out: LeaderboardBoard[] = [];
  for (const [key, board] of boards) {
    const runIds = board.runs.map((r) => r.id);
    const votes = await votesOf(db, runIds);
    const models = [...board.models];
    const gens = (await Promise.all(runIds.map((id) => generationsOf(db, id)))).flat().filter((g) => g.status === "ok");
    const judged = await judgedFigures(db, runIds, new Map(gens.map((g) => [g.id, g.model])));
    if (votes.length === 0 && !judged) continue;
    const figures = Object.fromEntries(
      models.map((m) => {
        const mine = gens.filter((g) => g.model === m);
        const warm = mine.filter((g) => !g.cold);
        return [
          m,
          {
            // Median, as every other speed figure on the pages: rates are skewed.
            tokensPerSecond: percentile(
              (warm.length ? warm : mine).flatMap((g) => g.metrics.generationTokensPerSecond ?? []),
              50,
            ),
            groundedness: mean(mine.flatMap((g) => g.quality?.groundedness ?? [])),
          },
        ];
      }),
    );
    const first = board.runs[0].settings;
    out.push({
      key,
      datasetName: datasets.find((d) => d.id === first.datasetId)?.name ?? first.datasetId,
      questions: first.questions,
      groupCount: first.groups.length,
      runIds,
      ratings: ratingsFrom(models, votes, gens),
      figures,
      judged,
    });
  }
  return out.sort((x, y) => y.ratings.votes - x.ratings.votes);
}
