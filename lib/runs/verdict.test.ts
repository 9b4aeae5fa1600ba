import { describe, expect, it } from "vitest";
import { answersNeeded } from "../metrics/effect";
import { seededRandom } from "../random";
import type { CellLoad } from "../system/load-types";
import type { GenerationView } from "./types";
import { MIN_ANSWERS, runVerdict, type AspectVerdict } from "./verdict";

const quiet: CellLoad = { windowMs: 1000, loadAvg1: 0.5, cpus: 2, otherCores: 0.05, ownCores: 1.9, stealPercent: 0 };
const busy: CellLoad = { ...quiet, otherCores: 1.4 };

/** n answers of one model, rates drawn around `rate` with ±spread (uniform), the same questions for every model. */
function answers(model: string, n: number, rate: number, spread: number, load = quiet, seed = model): GenerationView[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const r = rate * (1 + spread * (2 * rand() - 1));
    return {
      id: i,
      questionId: i,
      model,
      repetition: 0,
      cold: false,
      status: "ok",
      answer: "",
      tokenTimes: [],
      stopReason: "eos",
      error: null,
      metrics: { generationTokensPerSecond: r, endToEndMs: 64_000 / r, peakRssBytes: 100e6 + rate * 1e6 },
      load,
      quality: null,
    } satisfies GenerationView;
  });
}
const of = (v: { aspects: AspectVerdict[] }, key: string) => v.aspects.find((a) => a.aspect === key)!;

describe("run verdict", () => {
  it("names the faster model and by how much, with an interval that holds the true ratio", () => {
    const v = runVerdict(
      ["a.gguf", "b.gguf"],
      [...answers("a.gguf", 30, 100, 0.2), ...answers("b.gguf", 30, 50, 0.2)],
      30,
    );
    const speed = of(v, "speed");
    expect(speed.status).toBe("winner");
    expect(speed.best).toBe("a.gguf");
    const e = speed.comparisons[0].effect!;
    expect(e.lo).toBeLessThan(2);
    expect(e.hi).toBeGreaterThan(2);
    expect(e.lo).toBeGreaterThan(1);
    expect(speed.headline).toMatch(/^a is fastest: \d\.\d\d× \(\d\.\d\d–\d\.\d\d×\) faster than b\.$/);
    // The slower model takes longer to answer and (here) uses less memory: each aspect picks its own best.
    expect(of(v, "latency").best).toBe("a.gguf");
    expect(of(v, "memory").best).toBe("b.gguf");
    expect(of(v, "quality").status).toBe("no-data");
  });

  it("says can't tell for too few answers, and how many repetitions would do", () => {
    const v = runVerdict(
      ["a.gguf", "b.gguf"],
      [...answers("a.gguf", 3, 100, 0.2), ...answers("b.gguf", 3, 50, 0.2)],
      3,
    );
    const speed = of(v, "speed");
    expect(speed.status).toBe("cant-tell");
    expect(speed.headline).toContain(`at least ${MIN_ANSWERS}`);
    expect(speed.advice).toContain(`${Math.ceil(MIN_ANSWERS / 3)} repetitions`);
  });

  it("says can't tell for speed on a busy machine, and to close other programs, but still judges memory", () => {
    const v = runVerdict(
      ["a.gguf", "b.gguf"],
      [...answers("a.gguf", 20, 100, 0.2, busy), ...answers("b.gguf", 20, 50, 0.2)],
      20,
    );
    expect(of(v, "speed").status).toBe("cant-tell");
    expect(of(v, "speed").headline).toContain("20 of 40 answers");
    expect(of(v, "speed").advice).toMatch(/Close other programs/);
    expect(of(v, "memory").status).toBe("winner");
  });

  it("calls a tiny, precisely measured difference a tie rather than a winner or a shrug", () => {
    const v = runVerdict(
      ["a.gguf", "b.gguf"],
      [...answers("a.gguf", 40, 100, 0.01), ...answers("b.gguf", 40, 101, 0.01)],
      40,
    );
    expect(of(v, "speed").status).toBe("tie");
    expect(of(v, "speed").headline).toMatch(/are about the same/);
  });

  it("asks for the number of answers that does tell a real 15 % lead apart, and that number does", () => {
    const models = ["a.gguf", "b.gguf"];
    const small = runVerdict(
      models,
      [...answers("a.gguf", 10, 115, 0.25, quiet, "ax"), ...answers("b.gguf", 10, 100, 0.25, quiet, "bx")],
      10,
    );
    const speed = of(small, "speed");
    expect(speed.status).toBe("cant-tell");
    expect(speed.headline).toContain("intervals overlap");
    const needed = answersNeeded(speed.comparisons[0].effect!)!;
    expect(needed).toBeGreaterThan(10);
    expect(speed.advice).toContain(`About ${needed} answers per model`);
    const more = runVerdict(
      models,
      [...answers("a.gguf", needed, 115, 0.25, quiet, "a2"), ...answers("b.gguf", needed, 100, 0.25, quiet, "b2")],
      needed,
    );
    expect(of(more, "speed").status).toBe("winner");
    expect(of(more, "speed").best).toBe("a.gguf");
  });

  it("compares quality by the score difference once answers are scored", () => {
    const score = (gs: GenerationView[], g: number) =>
      gs.map((x, i) => ({
        ...x,
        quality: {
          groundedness: g + ((i % 5) - 2) * 0.02,
          answerRelevance: 0,
          contextRelevance: 0,
          distinct2: 0,
          empty: 0,
          refusal: 0,
        },
      }));
    const v = runVerdict(
      ["a.gguf", "b.gguf"],
      [...score(answers("a.gguf", 20, 100, 0.1), 0.4), ...score(answers("b.gguf", 20, 100, 0.1), 0.7)],
      20,
    );
    const q = of(v, "quality");
    expect(q.status).toBe("winner");
    expect(q.best).toBe("b.gguf");
    expect(q.comparisons[0].effect!.value).toBeCloseTo(0.3, 5);
    expect(q.headline).toMatch(/^b is most grounded: \+0\.30/);
  });
});
