import { mulberry32 as seededRandom } from "../random";
import { percentile } from "../metrics/stats";

// Bradley–Terry ratings from pairwise votes, with bootstrap intervals, as LMArena reports them.
// Model: P(i beats j) = p_i / (p_i + p_j). Fitted by Hunter's (2004) MM algorithm, which increases the
// likelihood at every step. Ties ("tie" and "both bad", as LMArena counts both) are half a win for each side.
// Every model also plays one virtual game (half won, half lost) against a fixed anchor of strength 1: a weak
// prior that keeps a model with no wins (or no losses) at a finite score instead of ±infinity.
// Scores are on the Elo scale LMArena uses: 1000 + 400 · log10(p_i / geometric mean of p).
// Intervals: the votes are resampled with replacement (`rounds` times, seeded, so a page shows the same
// figures on every load), refitted, and the 2.5th and 97.5th percentiles of each model's score kept.

export type Winner = "a" | "b" | "tie" | "both_bad";
export type Battle = { a: string; b: string; winner: Winner };

export type Rating = {
  model: string;
  score: number;
  ci95: [number, number];
  /** 1 + the number of models whose interval lies wholly above this one's (LMArena's rank). */
  rank: number;
  wins: number;
  losses: number;
  ties: number;
  /** Of the ties, how many were "both bad". */
  bothBad: number;
};

export type Ratings = {
  ratings: Rating[];
  votes: number;
  /** False when no interval separates from another: the order would be noise, so none is claimed. */
  ranked: boolean;
  message: string;
  /** winRate[i][j]: share of i's games against j that i won, ties counted as half; null without games. */
  matrix: { models: string[]; winRate: (number | null)[][] };
};

const PRIOR = 0.5;
/** Below this many votes for some model, a resample of a few votes says little: no order is claimed. */
export const MIN_VOTES_TO_RANK = 10;

/** Re-exported for the tests' simulations: the one seeded generator of the project. */
export { seededRandom };

/** wins[i][j]: games i won against j, ties as half a win each. */
function winTable(
  models: string[],
  battles: Battle[],
  pick: (k: number) => number = (k) => k,
  n = battles.length,
): number[][] {
  const index = new Map(models.map((m, i) => [m, i]));
  const wins = models.map(() => models.map(() => 0));
  for (let k = 0; k < n; k++) {
    const b = battles[pick(k)];
    const i = index.get(b.a);
    const j = index.get(b.b);
    if (i === undefined || j === undefined || i === j) continue;
    if (b.winner === "a") wins[i][j] += 1;
    else if (b.winner === "b") wins[j][i] += 1;
    else {
      wins[i][j] += 0.5;
      wins[j][i] += 0.5;
    }
  }
  return wins;
}

/** Elo-scale scores (mean of log-strengths at 1000) maximising the likelihood of `wins`. */
export function fitScores(wins: number[][]): number[] {
  const m = wins.length;
  let p = new Array<number>(m).fill(1);
  for (let iter = 0; iter < 2000; iter++) {
    const next = p.map((pi, i) => {
      let won = PRIOR;
      let denominator = (2 * PRIOR) / (pi + 1);
      for (let j = 0; j < m; j++) {
        if (j === i) continue;
        won += wins[i][j];
        const games = wins[i][j] + wins[j][i];
        if (games > 0) denominator += games / (pi + p[j]);
      }
      return won / denominator;
    });
    const change = Math.max(...next.map((v, i) => Math.abs(Math.log(v / p[i]))));
    p = next;
    if (change < 1e-9) break;
  }
  const logs = p.map((v) => Math.log10(v));
  const mean = logs.reduce((s, v) => s + v, 0) / Math.max(1, m);
  return logs.map((v) => 1000 + 400 * (v - mean));
}

/** Ratings with intervals, counts and the win-rate matrix. `rounds` ≥ 200 for intervals worth showing. */
export function rateModels(
  models: string[],
  battles: Battle[],
  options: { rounds?: number; seed?: number } = {},
): Ratings {
  const rounds = options.rounds ?? 200;
  const random = seededRandom(options.seed ?? 20240101);
  const valid = battles.filter((b) => b.a !== b.b && models.includes(b.a) && models.includes(b.b));
  const wins = winTable(models, valid);
  const scores = fitScores(wins);
  const samples = models.map(() => [] as number[]);
  if (valid.length) {
    for (let r = 0; r < rounds; r++) {
      const picks = Array.from({ length: valid.length }, () => Math.floor(random() * valid.length));
      fitScores(winTable(models, valid, (k) => picks[k])).forEach((s, i) => samples[i].push(s));
    }
  }
  const intervals = samples.map((s, i): [number, number] => {
    if (!s.length) return [scores[i], scores[i]];
    return [percentile(s, 2.5)!, percentile(s, 97.5)!];
  });
  const ratings: Rating[] = models
    .map((model, i) => {
      const mine = valid.filter((b) => b.a === model || b.b === model);
      const won = mine.filter((b) => (b.winner === "a" && b.a === model) || (b.winner === "b" && b.b === model)).length;
      const tied = mine.filter((b) => b.winner === "tie" || b.winner === "both_bad").length;
      return {
        model,
        score: scores[i],
        ci95: intervals[i],
        rank: 1 + intervals.filter((other) => other[0] > intervals[i][1]).length,
        wins: won,
        losses: mine.length - won - tied,
        ties: tied,
        bothBad: mine.filter((b) => b.winner === "both_bad").length,
      };
    })
    .sort((x, y) => y.score - x.score);
  const fewest = Math.min(...ratings.map((r) => r.wins + r.losses + r.ties));
  const separated = fewest >= MIN_VOTES_TO_RANK && ratings.some((r) => r.rank > 1);
  const message =
    valid.length === 0
      ? "No votes yet: vote in the arena to rate the models."
      : fewest < MIN_VOTES_TO_RANK
        ? `Too few votes to rank: every model needs at least ${MIN_VOTES_TO_RANK} (the fewest has ${fewest}). The scores so far are shown, not an order.`
        : separated
          ? "Models whose intervals do not overlap are ranked apart; the others share a rank."
          : "Every model's 95% interval overlaps every other's: the votes do not tell the models apart yet, so no order is claimed. More votes narrow the intervals.";
  const winRate = models.map((_, i) =>
    models.map((__, j) => {
      const games = wins[i][j] + wins[j][i];
      return i === j || games === 0 ? null : wins[i][j] / games;
    }),
  );
  return { ratings, votes: valid.length, ranked: separated, message, matrix: { models, winRate } };
}
