import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { insertFirstVote, votesOf } from "../db/queries/votes";
import type { Run, Vote } from "../db/schema";
import { AppError } from "../errors";
import { requireRun, runAnswers, type RunAnswers } from "../runs/detail";
import { isFinalRunStatus } from "../runs/status";
import type { GenerationView } from "../runs/types";
import { nextPair, type CastVote, type Slot } from "./arena-pairs";
import { openTicket, sealTicket, type PairTicket } from "./pair-ticket";
import type { Battle } from "./bradley-terry";
import type { ArenaNext, ArenaSide, VoteResult } from "./types";

// Blind pairwise votes on a finished run's answers: the arena's next pair for a voter, and a vote's checks.
// The answer voted on is each model's first successful repetition for the question, the one the arena shows.

// Two ways to name the pair: the arena page hands back the sealed ticket it was dealt (so the browser never
// knows the models before its vote), and scripts name the question and the two model files.
export const VoteInput = z
  .object({
    ticket: z.string().min(1).max(4000).optional(),
    questionId: z.number().int().positive().optional(),
    a: z.string().min(1).max(500).optional(),
    b: z.string().min(1).max(500).optional(),
    winner: z.enum(["a", "b", "tie", "both_bad"]),
  })
  .strict()
  .superRefine((v, ctx) => {
    const named = v.questionId !== undefined || v.a !== undefined || v.b !== undefined;
    if (v.ticket !== undefined && named) {
      ctx.addIssue({ code: "custom", message: "send either the arena's ticket or questionId, a and b, not both" });
    } else if (v.ticket === undefined && (v.questionId === undefined || v.a === undefined || v.b === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "name the pair: questionId, a and b (model files), or the ticket the arena dealt",
      });
    }
  });
export type VoteInput = z.infer<typeof VoteInput>;

/** An ended run's settings, questions and answers: what votes and judges need (no names, no summaries). */
export type FinishedRun = RunAnswers & { run: Run };

/** The answer of `model` to the question that the arena shows (first successful repetition). */
export function shownAnswer(
  detail: Pick<FinishedRun, "generations">,
  questionId: number,
  model: string,
): GenerationView | undefined {
  return detail.generations
    .filter((g) => g.questionId === questionId && g.model === model && g.status === "ok")
    .sort((x, y) => x.repetition - y.repetition)[0];
}

export function slotsOf(detail: FinishedRun): Slot[] {
  return detail.questions.map((q) => ({
    questionId: q.id,
    models: detail.run.settings.models.filter((m) => shownAnswer(detail, q.id, m)),
  }));
}

const asCast = (v: Vote): CastVote | null =>
  v.questionId && v.modelA && v.modelB
    ? { questionId: v.questionId, modelA: v.modelA, modelB: v.modelB, voter: v.voter }
    : null;

/** The run, or a 400 when it has not ended: votes and judges wait for all its answers. */
export async function requireFinishedRun(db: Db, runId: string): Promise<Run> {
  const run = await requireRun(db, runId);
  if (!isFinalRunStatus(run.status)) {
    throw new AppError(
      "bad_request",
      `Run ${runId} is ${run.status}: votes and judging open when it has finished. Come back when its answers are all in.`,
    );
  }
  return run;
}

export async function finishedRun(db: Db, runId: string): Promise<FinishedRun> {
  const run = await requireFinishedRun(db, runId);
  return { run, ...(await runAnswers(db, runId)) };
}

function modelsOfTicket(ticket: PairTicket, models: string[]): { questionId: number; a: string; b: string } {
  const [a, b] = [models[ticket.a], models[ticket.b]];
  if (a === undefined || b === undefined)
    throw new AppError(
      "bad_request",
      "This pair's ticket names a model the run does not have. Load the next pair and vote again.",
    );
  return { questionId: ticket.questionId, a, b };
}

/**
 * Records a voter's vote on a pair. The first vote stands: the models are revealed in its answer, so a second
 * vote by the same voter on the same pair (which could be cast knowing them) is refused with a 409.
 */
export async function castVote(db: Db, runId: string, input: VoteInput, voter: string): Promise<VoteResult> {
  const detail = await finishedRun(db, runId);
  const { winner } = input;
  const models = detail.run.settings.models;
  const { questionId, a, b } =
    input.ticket !== undefined
      ? modelsOfTicket(openTicket(input.ticket, runId), models)
      : { questionId: input.questionId!, a: input.a!, b: input.b! };
  for (const m of [a, b]) {
    if (!models.includes(m))
      throw new AppError(
        "bad_request",
        `The model "${m}" is not in run ${runId}. Its models are: ${models.join(", ")}.`,
      );
  }
  if (a === b) throw new AppError("bad_request", "a and b are the same model: a vote compares two different models.");
  if (!detail.questions.some((q) => q.id === questionId)) {
    throw new AppError(
      "bad_request",
      `Run ${runId} has no question ${questionId}. Take the question id from GET /api/runs/${runId}.`,
    );
  }
  const ga = shownAnswer(detail, questionId, a);
  const gb = shownAnswer(detail, questionId, b);
  if (!ga || !gb)
    throw new AppError(
      "bad_request",
      `"${!ga ? a : b}" has no successful answer to question ${questionId}, so there is nothing to vote on.`,
    );
  const row = await insertFirstVote(db, {
    runId,
    generationA: ga.id,
    generationB: gb.id,
    choice: winner,
    voter,
    questionId,
    modelA: a,
    modelB: b,
  });
  if (!row) {
    throw new AppError(
      "conflict",
      `You have already voted on this pair (question ${questionId}, ${a} against ${b}). The first vote stands: the models were shown after it, so a second one would not be blind.`,
    );
  }
  return { vote: { id: row.id, winner }, models: { a, b } };
}

/** The next pair for this voter (null when every pair has their vote), with their progress. */
export async function arenaNext(db: Db, runId: string, voter: string): Promise<ArenaNext> {
  const detail = await finishedRun(db, runId);
  const cast = (await votesOf(db, runId)).map(asCast).filter((v): v is CastVote => v !== null);
  const { pair, done, total } = nextPair(slotsOf(detail), cast, voter);
  if (!pair) return { pair: null, done, total };
  const q = detail.questions.find((x) => x.id === pair.questionId)!;
  const side = (model: string): ArenaSide => {
    const g = shownAnswer(detail, q.id, model)!;
    return { answer: g.answer, words: g.metrics.words ?? null };
  };
  return {
    pair: {
      ticket: sealTicket({
        runId,
        questionId: q.id,
        a: detail.run.settings.models.indexOf(pair.a),
        b: detail.run.settings.models.indexOf(pair.b),
      }),
      question: {
        id: q.id,
        groupKey: q.groupKey,
        question: q.question,
        documents: q.documents.map((d) => ({ id: d.id, text: d.text })),
      },
      a: side(pair.a),
      b: side(pair.b),
    },
    done,
    total,
  };
}

/** Stored votes as battles between model files. */
export function asBattles(votes: Vote[]): Battle[] {
  return votes.flatMap((v) => (v.modelA && v.modelB ? [{ a: v.modelA, b: v.modelB, winner: v.choice }] : []));
}
