import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { votesOf } from "../db/queries/votes";
import { judgeVerdicts, type JudgeGradeRow, type JudgeVerdict } from "../db/schema";
import { percentile } from "../metrics/stats";
import { runAnswers, type RunAnswers } from "../runs/detail";
import { oriented, type PairVerdict, type Verdict } from "./agreement";
import { modelPairs } from "./arena-pairs";
import { gradeRowsOf } from "./judging/grades";
import { RUBRIC_KEYS, type JudgeMode } from "./judging/prompts";
import {
  kappaWithInterval,
  pairwiseTrust,
  paired,
  pearson,
  selfConsistency,
  verdictTrust,
  type KappaFigure,
  type PairwiseTrust,
} from "./judging/trust";
import { judgeJobs, type JudgeJobState } from "./judge-run";
import { bootstrapMean, type MeanInterval } from "./summary";
import { shownAnswer } from "./votes";

// Per judge and mode, what it produced and how far to trust it (lib/quality/judging/trust.ts): parse rate, time
// and tokens per verdict, position flips and length bias, self-consistency on a repeated sample, agreement with
// people's votes and with the other judges (Cohen's kappa with a bootstrap interval), per-model means with an
// interval, and whether its results may be shown as a verdict. Grades imply a preference on each pair of answers
// (the higher mean grade, or claim support, wins), so every judge can be compared with votes and with each other.

export type JudgeSummary = {
  judge: string;
  mode: JudgeMode;
  /** Pairs (pairwise) or answers graded (rubric, claims), repeats left out. */
  units: number;
  /** Share of the judge's replies that could be read. */
  parseRate: number;
  /** Median time and mean tokens (prompt + completion) per verdict; null where not recorded. */
  msPerVerdict: number | null;
  tokensPerVerdict: number | null;
  pairwise?: PairwiseTrust;
  /** Grading modes: per model, the mean grade per criterion (rubric, 1–5) or the claim support (claims, 0–1). */
  perModel?: Record<string, Record<string, MeanInterval>>;
  /** Grading modes: r between an answer's length (words) and its grade. */
  lengthBias?: { n: number; r: number | null };
  selfConsistency?: { n: number; same: number | null; meanAbsDiff: number | null };
  votes: KappaFigure;
  /** Agreement with each other judge of the run, over the pairs both decided. */
  judges: { judge: string; mode: JudgeMode; agreement: KappaFigure }[];
  trust: { verdict: boolean; why: string[] };
};

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const gradeOf = (r: JudgeGradeRow): number | null =>
  !r.parsed
    ? null
    : r.mode === "claims"
      ? r.support
      : (r.faithfulness! + r.relevance! + r.completeness!) / RUBRIC_KEYS.length;

/** Pairwise verdicts that held in both orders, as pair verdicts. */
function pairwisePrefs(rows: JudgeVerdict[]): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const r of rows)
    if (r.firstOrder !== null && r.firstOrder === r.secondOrder) {
      const v = oriented(r.questionId, r.modelA, r.modelB, r.firstOrder);
      out.set(v.key, v.verdict);
    }
  return out;
}

/** The preference grades imply on each question's pairs: the higher grade of the shown answers wins. */
function gradedPrefs(rows: JudgeGradeRow[], answers: RunAnswers & { models: string[] }): Map<string, Verdict> {
  const grade = new Map(rows.filter((r) => r.repeat === 0).map((r) => [r.generationId, gradeOf(r)]));
  const out = new Map<string, Verdict>();
  for (const q of answers.questions)
    for (const [a, b] of modelPairs(answers.models)) {
      const ga = grade.get(shownAnswer(answers, q.id, a)?.id ?? -1);
      const gb = grade.get(shownAnswer(answers, q.id, b)?.id ?? -1);
      if (ga == null || gb == null) continue;
      const v = oriented(q.id, a, b, ga > gb ? "a" : gb > ga ? "b" : "tie");
      out.set(v.key, v.verdict);
    }
  return out;
}

function withVotes(human: PairVerdict[], prefs: Map<string, Verdict>): KappaFigure {
  return kappaWithInterval(
    human.flatMap((h): [Verdict, Verdict][] => (prefs.has(h.key) ? [[h.verdict, prefs.get(h.key)!]] : [])),
  );
}

export async function judgeSummary(db: Db, runId: string): Promise<{ jobs: JudgeJobState[]; judges: JudgeSummary[] }> {
  const [verdicts, grades, answers, votes, jobs] = await Promise.all([
    db.select().from(judgeVerdicts).where(eq(judgeVerdicts.runId, runId)),
    gradeRowsOf(db, runId),
    runAnswers(db, runId),
    votesOf(db, runId),
    judgeJobs(db, runId),
  ]);
  const models = [...new Set(answers.generations.map((g) => g.model))];
  const withModels = { ...answers, models };
  const human = votes.flatMap((v) =>
    v.questionId && v.modelA && v.modelB ? [oriented(v.questionId, v.modelA, v.modelB, v.choice)] : [],
  );
  const lengthOf = new Map(answers.generations.map((g) => [g.id, words(g.answer)]));
  const modelOf = new Map(answers.generations.map((g) => [g.id, g.model]));
  const answerLength = (q: number, m: string) => words(shownAnswer(answers, q, m)?.answer ?? "");

  type Entry = {
    judge: string;
    mode: JudgeMode;
    prefs: Map<string, Verdict>;
    base: Omit<JudgeSummary, "judges" | "trust" | "votes">;
    distinct?: number;
    scored?: number;
    orderKappa?: KappaFigure;
  };
  const entries: Entry[] = [];
  for (const judge of [...new Set(verdicts.map((r) => r.judge))]) {
    const mine = verdicts.filter((r) => r.judge === judge);
    const outputs = mine.flatMap((r) => [r.firstOrder, r.secondOrder]);
    const pairwise = pairwiseTrust(
      mine.map((r) => ({
        ...r,
        lengthA: answerLength(r.questionId, r.modelA),
        lengthB: answerLength(r.questionId, r.modelB),
      })),
    );
    const timed = mine.filter((r) => r.ms !== null);
    entries.push({
      judge,
      mode: "pairwise",
      prefs: pairwisePrefs(mine),
      distinct: new Set(outputs.filter((o) => o !== null)).size,
      orderKappa: pairwise.orderKappa,
      base: {
        judge,
        mode: "pairwise",
        units: mine.length,
        parseRate: outputs.length ? outputs.filter((o) => o !== null).length / outputs.length : 0,
        msPerVerdict: percentile(
          timed.map((r) => r.ms! / 2),
          50,
        ),
        tokensPerVerdict: timed.length
          ? timed.reduce((s, r) => s + (r.promptTokens ?? 0) + (r.completionTokens ?? 0), 0) / (2 * timed.length)
          : null,
        pairwise,
      },
    });
  }
  for (const key of [...new Set(grades.map((r) => `${r.mode}\n${r.judge}`))]) {
    const [mode, judge] = key.split("\n") as ["rubric" | "claims", string];
    const mine = grades.filter((r) => r.judge === judge && r.mode === mode);
    const first = mine.filter((r) => r.repeat === 0);
    const parsed = first.filter((r) => r.parsed);
    const criteria = mode === "rubric" ? RUBRIC_KEYS : (["support"] as const);
    const value = (r: JudgeGradeRow, c: string) => (r as unknown as Record<string, number | null>)[c];
    const byGen = new Map(first.map((r) => [r.generationId, r]));
    const repeats = mine
      .filter((r) => r.repeat === 1 && r.parsed && byGen.get(r.generationId)?.parsed)
      .map((r): [number[], number[]] => {
        const f = byGen.get(r.generationId)!;
        return [criteria.map((c) => value(f, c) ?? 0), criteria.map((c) => value(r, c) ?? 0)];
      });
    const graded = parsed.filter((r) => gradeOf(r) !== null);
    entries.push({
      judge,
      mode,
      prefs: gradedPrefs(mine, withModels),
      distinct: new Set(graded.map(gradeOf)).size,
      scored: graded.length,
      base: {
        judge,
        mode,
        units: first.length,
        parseRate: mine.length ? mine.filter((r) => r.parsed).length / mine.length : 0,
        msPerVerdict: percentile(
          mine.filter((r) => r.ms > 0).map((r) => r.ms),
          50,
        ),
        tokensPerVerdict: mine.length
          ? mine.reduce((s, r) => s + (r.promptTokens ?? 0) + (r.completionTokens ?? 0), 0) / mine.length
          : null,
        perModel: Object.fromEntries(
          models.map((m) => {
            const own = parsed.filter((r) => modelOf.get(r.generationId) === m);
            return [
              m,
              Object.fromEntries(criteria.map((c) => [c, bootstrapMean(own.flatMap((r) => value(r, c) ?? []))])),
            ];
          }),
        ),
        lengthBias: {
          n: graded.length,
          r: pearson(
            graded.map((r) => lengthOf.get(r.generationId) ?? 0),
            graded.map((r) => gradeOf(r)!),
          ),
        },
        selfConsistency: selfConsistency(repeats),
      },
    });
  }
  const judges = entries.map((e): JudgeSummary => {
    const votesFigure = withVotes(human, e.prefs);
    return {
      ...e.base,
      votes: votesFigure,
      judges: entries
        .filter((o) => o !== e)
        .map((o) => ({ judge: o.judge, mode: o.mode, agreement: kappaWithInterval(paired(e.prefs, o.prefs)) })),
      trust: verdictTrust({
        parseRate: e.base.parseRate,
        outputs: e.base.units,
        orderKappa: e.orderKappa,
        votes: votesFigure,
        distinctScores: e.distinct,
        scored: e.scored,
      }),
    };
  });
  return { jobs, judges };
}
