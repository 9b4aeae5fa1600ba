import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { votesOf } from "../db/queries/votes";
import { judgeVerdicts } from "../db/schema";
import { agreement, oriented } from "./agreement";
import { judgeJobs, type JudgeJobState } from "./judge-run";

// Per judge model: how many pairs it judged, how many outputs parsed, how often its verdict flipped with the
// order of the answers (position bias), and its agreement with the people who voted on the same pairs.
// Only order-consistent verdicts are compared with people; the flipped ones are counted, not guessed at.

export type JudgeSummary = {
  judge: string;
  pairs: number;
  /** Share of the judge's outputs (two per pair) that parsed as a verdict. */
  parseRate: number;
  inconsistent: number;
  agreement: { n: number; rate: number | null; kappa: number | null };
};

export async function judgeSummary(db: Db, runId: string): Promise<{ jobs: JudgeJobState[]; judges: JudgeSummary[] }> {
  const rows = await db.select().from(judgeVerdicts).where(eq(judgeVerdicts.runId, runId));
  const human = (await votesOf(db, runId)).flatMap((v) =>
    v.questionId && v.modelA && v.modelB ? [oriented(v.questionId, v.modelA, v.modelB, v.choice)] : [],
  );
  const judges = [...new Set(rows.map((r) => r.judge))].map((judge): JudgeSummary => {
    const mine = rows.filter((r) => r.judge === judge);
    const outputs = mine.flatMap((r) => [r.firstOrder, r.secondOrder]);
    const both = mine.filter((r) => r.firstOrder !== null && r.secondOrder !== null);
    const consistent = both.filter((r) => r.firstOrder === r.secondOrder);
    return {
      judge,
      pairs: mine.length,
      parseRate: outputs.length ? outputs.filter((o) => o !== null).length / outputs.length : 0,
      inconsistent: both.length - consistent.length,
      agreement: agreement(
        human,
        consistent.map((r) => oriented(r.questionId, r.modelA, r.modelB, r.firstOrder!)),
      ),
    };
  });
  return { jobs: await judgeJobs(db, runId), judges };
}
