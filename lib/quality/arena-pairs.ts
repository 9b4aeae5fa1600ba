// Which pair a voter sees next. Every (question, model pair) is one "pair" to vote on; a voter votes each
// once. The next is drawn from the model pairs this voter has voted least (then least voted by everyone), so
// a voter who stops early has still spread votes evenly over every pair of models; within those, at random.
// Sides are randomised too, so neither the position nor the model order of the run gives a model away.

export type PairKey = { questionId: number; a: string; b: string };
export type CastVote = { questionId: number; modelA: string; modelB: string; voter: string | null };

export const pairId = (questionId: number, x: string, y: string) => `${questionId}|${[x, y].sort().join("|")}`;
const modelPairId = (x: string, y: string) => [x, y].sort().join("|");

export function modelPairs(models: string[]): [string, string][] {
  return models.flatMap((a, i) => models.slice(i + 1).map((b): [string, string] => [a, b]));
}

/** A question and the models with an answer to it (a failed answer cannot be voted on). */
export type Slot = { questionId: number; models: string[] };

export function nextPair(
  slots: Slot[],
  votes: CastVote[],
  voter: string,
  random: () => number = Math.random,
): { pair: PairKey | null; done: number; total: number } {
  const total = slots.reduce((s, q) => s + modelPairs(q.models).length, 0);
  const mine = votes.filter((v) => v.voter === voter);
  const possible = new Set(
    slots.flatMap(({ questionId, models }) => modelPairs(models).map(([a, b]) => pairId(questionId, a, b))),
  );
  const votedByMe = new Set(mine.map((v) => pairId(v.questionId, v.modelA, v.modelB)).filter((id) => possible.has(id)));
  const count = (list: CastVote[]) => {
    const m = new Map<string, number>();
    for (const v of list) m.set(modelPairId(v.modelA, v.modelB), (m.get(modelPairId(v.modelA, v.modelB)) ?? 0) + 1);
    return m;
  };
  const perMine = count(mine);
  const perAll = count(votes);
  const open = slots.flatMap(({ questionId, models }) =>
    modelPairs(models)
      .filter(([a, b]) => !votedByMe.has(pairId(questionId, a, b)))
      .map(([a, b]) => ({
        questionId,
        a,
        b,
        mine: perMine.get(modelPairId(a, b)) ?? 0,
        all: perAll.get(modelPairId(a, b)) ?? 0,
      })),
  );
  const done = votedByMe.size;
  if (!open.length) return { pair: null, done, total };
  const least = Math.min(...open.map((p) => p.mine));
  const fewest = open.filter((p) => p.mine === least);
  const leastAll = Math.min(...fewest.map((p) => p.all));
  const candidates = fewest.filter((p) => p.all === leastAll);
  const chosen = candidates[Math.floor(random() * candidates.length)];
  const swap = random() < 0.5;
  return {
    pair: { questionId: chosen.questionId, a: swap ? chosen.b : chosen.a, b: swap ? chosen.a : chosen.b },
    done,
    total,
  };
}
