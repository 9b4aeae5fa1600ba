import "server-only";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { judgeVerdicts } from "../db/schema";
import { ModelWorker } from "../models/worker/model-worker";
import { processWide } from "../server/process-wide";
import { modelPairs } from "./arena-pairs";
import { JUDGE_MAX_TOKENS, JUDGE_SCHEMA, judgePrompt, parseVerdict } from "./judge";
import { finishedRun, shownAnswer, slotsOf } from "./votes";

// A judge job: one local model grades every (question, model pair) of a finished run in both orders, in its
// own worker process, on the run queue (so it never competes with a run for the cores). Verdicts go to
// judge_verdicts, apart from human votes; pairs already judged by this model are skipped, so a job can be
// started again after a restart and does only what is missing.

export type JudgeJobState = { runId: string; judge: string; state: "queued" | "running" | "done" | "failed" | "cancelled"; done: number; total: number; error: string | null };

const states = processWide("judge-jobs", () => new Map<string, JudgeJobState>());
const JOB_PREFIX = "judge:";

export const judgeJobId = (runId: string, judge: string) => `${JOB_PREFIX}${runId}:${judge}`;
export const isJudgeJob = (id: string) => id.startsWith(JOB_PREFIX);
export const judgeJobs = (runId: string) => [...states.values()].filter((s) => s.runId === runId);

export function markJudgeQueued(runId: string, judge: string): void {
  states.set(judgeJobId(runId, judge), { runId, judge, state: "queued", done: 0, total: 0, error: null });
}

type Verdict = "a" | "b" | "tie";
/** The judge's "first/second" as a winner between model a and model b, given which was shown first. */
const asWinner = (v: ReturnType<typeof parseVerdict>, aFirst: boolean): Verdict | null =>
  v === null ? null : v === "tie" ? "tie" : (v === "first") === aFirst ? "a" : "b";

export async function runJudgeJob(id: string, ctx: { db: Db; modelsDir: string }, signal: AbortSignal): Promise<void> {
  const rest = id.slice(JOB_PREFIX.length);
  const runId = rest.slice(0, rest.indexOf(":"));
  const judge = rest.slice(rest.indexOf(":") + 1);
  const state: JudgeJobState = states.get(id) ?? { runId, judge, state: "queued", done: 0, total: 0, error: null };
  states.set(id, state);
  let worker: ModelWorker | null = null;
  try {
    state.state = "running";
    const detail = await finishedRun(ctx.db, runId);
    const done = new Set((await ctx.db.select().from(judgeVerdicts).where(and(eq(judgeVerdicts.runId, runId), eq(judgeVerdicts.judge, judge))))
      .map((v) => `${v.questionId}|${v.modelA}|${v.modelB}`));
    const todo = slotsOf(detail).flatMap(({ questionId, models }) => modelPairs(models).map(([a, b]) => ({ questionId, a, b })));
    state.total = todo.length;
    state.done = todo.filter((p) => done.has(`${p.questionId}|${p.a}|${p.b}`)).length;
    worker = await ModelWorker.start({ signal });
    const settings = detail.run.settings;
    await worker.load(path.join(ctx.modelsDir, judge), { contextSize: Math.max(settings.contextSize, 2048), threads: settings.threads }, signal);
    for (const pair of todo) {
      if (signal.aborted) break;
      if (done.has(`${pair.questionId}|${pair.a}|${pair.b}`)) continue;
      const q = detail.questions.find((x) => x.id === pair.questionId)!;
      const docs = q.documents.map((d) => d.text);
      const answerA = shownAnswer(detail, q.id, pair.a)!.answer;
      const answerB = shownAnswer(detail, q.id, pair.b)!.answer;
      const raw: string[] = [];
      const verdicts: (Verdict | null)[] = [];
      for (const aFirst of [true, false]) {
        const prompt = aFirst ? judgePrompt(docs, q.question, answerA, answerB) : judgePrompt(docs, q.question, answerB, answerA);
        const result = await worker.generate({ prompt, maxTokens: JUDGE_MAX_TOKENS, temperature: 0, seed: settings.seed, jsonSchema: JUDGE_SCHEMA as unknown as Record<string, unknown> }, { signal });
        raw.push(result.text);
        verdicts.push(asWinner(parseVerdict(result.text), aFirst));
      }
      await ctx.db.insert(judgeVerdicts).values({
        runId, judge, questionId: q.id, modelA: pair.a, modelB: pair.b, firstOrder: verdicts[0], secondOrder: verdicts[1], raw,
      }).onConflictDoNothing();
      state.done++;
    }
    state.state = signal.aborted ? "cancelled" : "done";
  } catch (err) {
    state.state = "failed";
    state.error = `The judge stopped: ${(err as Error).message}`;
  } finally {
    if (worker?.alive) await worker.stop();
  }
}
