import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { judgeGrades, judgeVerdicts } from "../../db/schema";
import type { JudgeJobKey } from "../../db/queries/judge-jobs";
import { modelPairs } from "../arena-pairs";
import { shownAnswer, slotsOf, type FinishedRun } from "../votes";
import type { JudgeReply, OpenJudge } from "./judge-model";
import {
  MAX_TOKENS,
  SCHEMAS,
  claimSupport,
  claimsPrompt,
  pairwisePrompt,
  parseClaims,
  parsePairwise,
  parseRubric,
  rubricPrompt,
  type JudgeInput,
} from "./prompts";

// The units of work of a judge job, one per stored row: a pair of answers judged in both orders (pairwise), or
// one answer graded (rubric, claims). Units already stored are left out, so a restarted job does only what is
// missing. A grading job also grades a spread sample of answers a second time (repeat 1): the judge's
// self-consistency.

export type JudgeTask = { key: string; run: (judge: OpenJudge, signal: AbortSignal) => Promise<void> };

/** Answers graded twice per grading job, spread over the run. */
export const SELF_CHECK_SAMPLE = 8;

/** A reply that is an error (the endpoint failed this one ask): kept as an unread reply, with the reason. */
export type Failed = { failed: string };

type Winner = "a" | "b" | "tie";
const asWinner = (v: ReturnType<typeof parsePairwise>, aFirst: boolean): Winner | null =>
  v === null ? null : v === "tie" ? "tie" : (v === "first") === aFirst ? "a" : "b";

const sum = (xs: (number | null)[]) =>
  xs.every((x) => x === null) ? null : xs.reduce<number>((s, x) => s + (x ?? 0), 0);

function inputOf(detail: FinishedRun, questionId: number): JudgeInput {
  const q = detail.questions.find((x) => x.id === questionId)!;
  return { documents: q.documents.map((d) => d.text), question: q.question };
}

export async function judgeTasks(
  db: Db,
  key: JudgeJobKey,
  detail: FinishedRun,
  ask: (judge: OpenJudge, prompt: string, signal: AbortSignal) => Promise<JudgeReply | Failed>,
): Promise<{ all: string[]; todo: JudgeTask[] }> {
  const mode = key.mode;
  if (mode === "pairwise") {
    const stored = await db
      .select({ q: judgeVerdicts.questionId, a: judgeVerdicts.modelA, b: judgeVerdicts.modelB })
      .from(judgeVerdicts)
      .where(and(eq(judgeVerdicts.runId, key.runId), eq(judgeVerdicts.judge, key.judge)));
    const done = new Set(stored.map((v) => `${v.q}|${v.a}|${v.b}`));
    const pairs = slotsOf(detail).flatMap(({ questionId, models }) =>
      modelPairs(models).map(([a, b]) => ({ questionId, a, b, key: `${questionId}|${a}|${b}` })),
    );
    return {
      all: pairs.map((p) => p.key),
      todo: pairs
        .filter((p) => !done.has(p.key))
        .map((p) => ({
          key: p.key,
          async run(judge, signal) {
            const input = inputOf(detail, p.questionId);
            const answerA = shownAnswer(detail, p.questionId, p.a)!.answer;
            const answerB = shownAnswer(detail, p.questionId, p.b)!.answer;
            const replies: (JudgeReply | Failed)[] = [];
            for (const aFirst of [true, false]) {
              const prompt = aFirst ? pairwisePrompt(input, answerA, answerB) : pairwisePrompt(input, answerB, answerA);
              replies.push(await ask(judge, prompt, signal));
            }
            if (signal.aborted) return;
            const ok = replies.filter((r): r is JudgeReply => !("failed" in r));
            const winners = replies.map((r, i) => ("failed" in r ? null : asWinner(parsePairwise(r.text), i === 0)));
            await db
              .insert(judgeVerdicts)
              .values({
                runId: key.runId,
                judge: key.judge,
                questionId: p.questionId,
                modelA: p.a,
                modelB: p.b,
                firstOrder: winners[0],
                secondOrder: winners[1],
                raw: replies.map((r) => ("failed" in r ? `(no reply: ${r.failed})` : r.text)),
                ms: Math.round(ok.reduce((s, r) => s + r.ms, 0)),
                promptTokens: sum(ok.map((r) => r.promptTokens)),
                completionTokens: sum(ok.map((r) => r.completionTokens)),
              })
              .onConflictDoNothing();
          },
        })),
    };
  }
  const stored = await db
    .select({ g: judgeGrades.generationId, repeat: judgeGrades.repeat })
    .from(judgeGrades)
    .where(and(eq(judgeGrades.runId, key.runId), eq(judgeGrades.judge, key.judge), eq(judgeGrades.mode, mode)));
  const done = new Set(stored.map((s) => `${s.g}|${s.repeat}`));
  const answers = detail.generations.filter((g) => g.status === "ok").sort((x, y) => x.id - y.id);
  const step = Math.max(1, Math.floor(answers.length / SELF_CHECK_SAMPLE));
  const repeats = answers.filter((_, i) => i % step === 0).slice(0, SELF_CHECK_SAMPLE);
  const units = [...answers.map((g) => ({ g, repeat: 0 })), ...repeats.map((g) => ({ g, repeat: 1 }))].map((u) => ({
    ...u,
    key: `${u.g.id}|${u.repeat}`,
  }));
  return {
    all: units.map((u) => u.key),
    todo: units
      .filter((u) => !done.has(u.key))
      .map((u) => ({
        key: u.key,
        async run(judge, signal) {
          const input = inputOf(detail, u.g.questionId);
          const prompt = mode === "rubric" ? rubricPrompt(input, u.g.answer) : claimsPrompt(input, u.g.answer);
          const reply = await ask(judge, prompt, signal);
          if (signal.aborted) return;
          const failed = "failed" in reply;
          const text = failed ? `(no reply: ${reply.failed})` : reply.text;
          const rubric = mode === "rubric" && !failed ? parseRubric(text) : null;
          const claims = mode === "claims" && !failed ? parseClaims(text, input.documents) : null;
          await db
            .insert(judgeGrades)
            .values({
              runId: key.runId,
              generationId: u.g.id,
              judge: key.judge,
              mode,
              repeat: u.repeat,
              parsed: rubric !== null || claims !== null,
              faithfulness: rubric?.faithfulness ?? null,
              relevance: rubric?.relevance ?? null,
              completeness: rubric?.completeness ?? null,
              reasons: rubric?.reasons ?? null,
              claims,
              support: claims ? claimSupport(claims) : null,
              raw: text.slice(0, 20_000),
              ms: failed ? 0 : Math.round(reply.ms),
              promptTokens: failed ? null : reply.promptTokens,
              completionTokens: failed ? null : reply.completionTokens,
            })
            .onConflictDoNothing();
        },
      })),
  };
}

/** The schema and token budget of a mode's asks. */
export const askShape = (mode: JudgeJobKey["mode"], seed: number) => ({
  schema: SCHEMAS[mode] as unknown as Record<string, unknown>,
  maxTokens: MAX_TOKENS[mode],
  seed,
});
