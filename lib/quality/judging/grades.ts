import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { judgeGrades, type JudgeGradeRow } from "../../db/schema";
import type { GradeView } from "./grade-view";

export function gradeRowsOf(db: Db, runId: string): Promise<JudgeGradeRow[]> {
  return db.select().from(judgeGrades).where(eq(judgeGrades.runId, runId)).orderBy(asc(judgeGrades.id));
}

/** Each answer's parsed grades (first grading only; the repeats are for the judge's self-consistency). */
export async function gradesByGeneration(db: Db, runId: string): Promise<Map<number, GradeView[]>> {
  const rows = await db
    .select()
    .from(judgeGrades)
    .where(and(eq(judgeGrades.runId, runId), eq(judgeGrades.repeat, 0), eq(judgeGrades.parsed, true)))
    .orderBy(asc(judgeGrades.judge), asc(judgeGrades.mode));
  const out = new Map<number, GradeView[]>();
  for (const r of rows) {
    const view: GradeView =
      r.mode === "rubric"
        ? {
            judge: r.judge,
            mode: "rubric",
            faithfulness: r.faithfulness ?? undefined,
            relevance: r.relevance ?? undefined,
            completeness: r.completeness ?? undefined,
            reasons: r.reasons ?? undefined,
          }
        : { judge: r.judge, mode: "claims", claims: r.claims ?? [], support: r.support };
    out.set(r.generationId, [...(out.get(r.generationId) ?? []), view]);
  }
  return out;
}
