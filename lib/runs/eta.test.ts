import { describe, expect, it } from "vitest";
import { estimateRemainingMs, type EtaInput } from "./eta";

// A simulated run: three models, one after another, each with its own true time per answer (proportional to its
// file size, plus noise) and a load before its first answer. The estimate is compared with the true time left.
function simulate() {
  const models = [
    { model: "small.gguf", sizeBytes: 1e9, msPerCell: 1000, loadMs: 500 },
    { model: "mid.gguf", sizeBytes: 2e9, msPerCell: 2100, loadMs: 900 },
    { model: "large.gguf", sizeBytes: 4e9, msPerCell: 3900, loadMs: 2100 },
  ];
  const cells = 10;
  let seed = 7;
  const noise = () => 0.9 + ((seed = (seed * 48271) % 2147483647) / 2147483647) * 0.2;
  const steps: { at: number; cost: number; gen: EtaInput["generations"][number] }[] = [];
  for (const m of models) {
    for (let c = 0; c < cells; c++) {
      const e2e = m.msPerCell * noise();
      steps.push({
        at: 0,
        cost: e2e + (c === 0 ? m.loadMs : 0),
        gen: {
          model: m.model,
          repetition: 0,
          status: "ok",
          cold: c === 0,
          metrics: { endToEndMs: e2e, loadMs: c === 0 ? m.loadMs : undefined },
        },
      });
    }
  }
  const totalMs = steps.reduce((a, s) => a + s.cost, 0);
  let elapsed = 0;
  const points: { done: number; estimate: number | null; truth: number; naive: number | null }[] = [];
  for (let i = 0; i <= steps.length; i++) {
    const input: EtaInput = {
      models: models.map(({ model, sizeBytes }) => ({ model, sizeBytes })),
      cellsPerRepetition: cells,
      repetitions: 1,
      generations: steps.slice(0, i).map((s) => s.gen),
    };
    points.push({
      done: i,
      estimate: estimateRemainingMs(input),
      truth: totalMs - elapsed,
      naive: i ? (elapsed / i) * (steps.length - i) : null,
    });
    if (i < steps.length) elapsed += steps[i].cost;
  }
  return points;
}

describe("time-left estimate", () => {
  const points = simulate();
  const error = (p: (typeof points)[number]) => Math.abs((p.estimate ?? 0) - p.truth) / p.truth;

  it("says nothing until an answer has been timed, and zero at the end", () => {
    expect(points[0].estimate).toBeNull();
    expect(points.at(-1)!.estimate).toBe(0);
  });

  it("is within 25 % from the first answer on, and converges as models finish", () => {
    const errors = points.slice(1, -1).map(error);
    expect(Math.max(...errors)).toBeLessThan(0.25);
    // Once the last model has been timed, it is within 10 %.
    expect(Math.max(...points.slice(21, -1).map(error))).toBeLessThan(0.1);
  });

  it("beats elapsed-per-answer, which under-estimates while the fast model runs (the issue's 5.9 min for 38 min)", () => {
    const early = points[5];
    const naiveError = Math.abs(early.naive! - early.truth) / early.truth;
    expect(naiveError).toBeGreaterThan(0.4);
    expect(error(early)).toBeLessThan(naiveError / 3);
  });
});
