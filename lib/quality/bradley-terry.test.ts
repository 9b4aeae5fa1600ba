import { describe, expect, it } from "vitest";
import { rateModels, seededRandom, type Battle } from "./bradley-terry";

// Votes simulated from known strengths (Elo scale, mean 1000): the fit must put the models in their true order,
// and its 95% bootstrap intervals must hold the true scores about 95% of the time over repeated simulations.

const MODELS = ["m-strong", "m-good", "m-fair", "m-weak"];
const TRUE = [1150, 1050, 950, 850];

function simulate(n: number, random: () => number): Battle[] {
  return Array.from({ length: n }, () => {
    const i = Math.floor(random() * 4);
    const j = (i + 1 + Math.floor(random() * 3)) % 4;
    const pWin = 1 / (1 + 10 ** ((TRUE[j] - TRUE[i]) / 400));
    return { a: MODELS[i], b: MODELS[j], winner: random() < pWin ? "a" : "b" };
  });
}

describe("Bradley–Terry ratings", () => {
  it("recovers the true order from 600 simulated votes, with the intervals apart", () => {
    const result = rateModels(MODELS, simulate(600, seededRandom(1)), { rounds: 200, seed: 5 });
    expect(result.ratings.map((r) => r.model)).toEqual(MODELS);
    expect(result.ranked).toBe(true);
    expect(result.ratings[0].rank).toBe(1);
    expect(result.ratings[3].rank).toBeGreaterThan(1);
    for (const r of result.ratings) expect(Math.abs(r.score - TRUE[MODELS.indexOf(r.model)])).toBeLessThan(60);
    expect(result.votes).toBe(600);
  });

  it("covers the true scores at about the nominal 95% over repeated simulations", () => {
    const random = seededRandom(99);
    let covered = 0;
    let total = 0;
    for (let sim = 0; sim < 50; sim++) {
      const result = rateModels(MODELS, simulate(400, random), { rounds: 200, seed: sim + 1 });
      for (const r of result.ratings) {
        const truth = TRUE[MODELS.indexOf(r.model)];
        total++;
        if (r.ci95[0] <= truth && truth <= r.ci95[1]) covered++;
      }
    }
    const coverage = covered / total;
    console.log(`bootstrap 95% interval coverage over ${total} intervals: ${coverage.toFixed(3)}`);
    expect(coverage).toBeGreaterThan(0.88);
    expect(coverage).toBeLessThan(0.995);
  });

  it("counts ties and both-bad as half a win each: only ties leave every model equal, and unranked", () => {
    const battles: Battle[] = [];
    for (let k = 0; k < 30; k++)
      battles.push({ a: MODELS[k % 4], b: MODELS[(k + 1) % 4], winner: k % 2 ? "tie" : "both_bad" });
    const result = rateModels(MODELS, battles);
    for (const r of result.ratings) {
      expect(r.score).toBeCloseTo(1000, 6);
      expect(r.wins + r.losses).toBe(0);
    }
    expect(result.ratings.reduce((s, r) => s + r.ties, 0)).toBe(60);
    expect(result.ratings.reduce((s, r) => s + r.bothBad, 0)).toBe(30);
    expect(result.ranked).toBe(false);
    expect(result.message).toMatch(/overlaps every other/);
  });

  it("refuses to rank from a handful of votes, and keeps a model that never won finite", () => {
    const result = rateModels(MODELS.slice(0, 2), [
      { a: "m-strong", b: "m-good", winner: "a" },
      { a: "m-good", b: "m-strong", winner: "b" },
    ]);
    expect(result.ranked).toBe(false);
    expect(result.message).toMatch(/Too few votes/);
    for (const r of result.ratings) expect(Number.isFinite(r.score) && Number.isFinite(r.ci95[0])).toBe(true);
    expect(result.ratings[0]).toMatchObject({ model: "m-strong", wins: 2, losses: 0 });
  });

  it("fills the win-rate matrix from the votes, ties as half", () => {
    const battles: Battle[] = [
      { a: "m-strong", b: "m-good", winner: "a" },
      { a: "m-good", b: "m-strong", winner: "tie" },
      { a: "m-good", b: "m-strong", winner: "a" },
    ];
    const { matrix } = rateModels(MODELS.slice(0, 3), battles);
    expect(matrix.winRate[0][1]).toBeCloseTo(1.5 / 3, 9);
    expect(matrix.winRate[1][0]).toBeCloseTo(1.5 / 3, 9);
    expect(matrix.winRate[0][2]).toBeNull();
    expect(matrix.winRate[0][0]).toBeNull();
  });
});
