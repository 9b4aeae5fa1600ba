import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { judgeGrades } from "../db/schema";
import { bootstrapMean, type MeanInterval } from "./summary";

// Judges' grades pooled across a leaderboard board's runs: per model, the mean rubric faithfulness (1–5) and the
// mean claim support (0–1), each with its interval, over every judge whose replies could mostly be read and that
// told answers apart. A judge that fails either is left out and named, as the run page does.

export type JudgedFigures = {
  perModel: Record<string, { faithfulness: MeanInterval; support: MeanInterval }>;
  judges: string[];
  leftOut: { judge: string; why: string }[];
};

export async function judgedFigures(
  db: Db,
  runIds: string[],
  modelOf: Map<number, string>,
): Promise<JudgedFigures | null> {
  if (!runIds.length) return null;
  const rows = await db
    .select()
    .from(judgeGrades)
    .where(and(inArray(judgeGrades.runId, runIds), eq(judgeGrades.repeat, 0)));
  if (!rows.length) return null;
  const keys = [...new Set(rows.map((r) => `${r.mode}:${r.judge}`))];
  const kept = new Set<string>();
  const leftOut: JudgedFigures["leftOut"] = [];
  for (const key of keys) {
    const mine = rows.filter((r) => `${r.mode}:${r.judge}` === key);
    const parsed = mine.filter((r) => r.parsed);
    const values = new Set(parsed.map((r) => (r.mode === "rubric" ? r.faithfulness : r.support)));
    const why =
      parsed.length < mine.length / 2
        ? `only ${parsed.length} of ${mine.length} replies could be read`
        : values.size === 1 && parsed.length >= 5
          ? "gave every answer the same score"
          : null;
    if (why) leftOut.push({ judge: key, why });
    else kept.add(key);
  }
  const use = rows.filter((r) => r.parsed && kept.has(`${r.mode}:${r.judge}`));
  const models = [...new Set(modelOf.values())];
  const perModel = Object.fromEntries(
    models.map((m) => {
      const own = use.filter((r) => modelOf.get(r.generationId) === m);
      return [
        m,
        {
          faithfulness: bootstrapMean(
            own.flatMap((r) => (r.mode === "rubric" && r.faithfulness !== null ? [r.faithfulness] : [])),
          ),
          support: bootstrapMean(own.flatMap((r) => (r.mode === "claims" && r.support !== null ? [r.support] : []))),
        },
      ];
    }),
  );
  return { perModel, judges: [...kept], leftOut };
}
