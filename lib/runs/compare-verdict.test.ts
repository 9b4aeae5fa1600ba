import { describe, expect, it } from "vitest";
import { seededRandom } from "../random";
import type { GenerationView, RunDetail } from "./types";
import { compareVerdict } from "./compare-verdict";

/** A run of one model whose n answers decode around `rate` tok/s (±20 %), each with its time and memory. */
function run(id: string, n: number, rate: number): RunDetail {
  const rand = seededRandom(id);
  const generations = Array.from({ length: n }, (_, i): GenerationView => {
    const r = rate * (0.8 + 0.4 * rand());
    return {
      ...{ id: i, questionId: i, model: "m.gguf", repetition: 0, cold: false, status: "ok", answer: "" },
      ...{ tokenTimes: [], stopReason: "eos", error: null, load: null, quality: null },
      metrics: { generationTokensPerSecond: r, endToEndMs: 64_000 / r, peakRssBytes: 200e6 },
    };
  });
  const settings = { models: ["m.gguf"] } as RunDetail["run"]["settings"];
  return { run: { id, settings }, generations } as RunDetail;
}

describe("compare verdict", () => {
  it("calls a 40 % faster second run better, in % with an interval, and its unchanged memory the same", () => {
    const v = compareVerdict(run("a", 30, 50), run("b", 30, 70));
    const speed = v.deltas.find((d) => d.aspect === "speed")!;
    expect(speed.change).toBe("better");
    expect(speed.text).toMatch(/^\+\d+ % \(\+\d+ to \+\d+ %\)$/);
    expect(speed.effect!.lo).toBeLessThan(1.4);
    expect(speed.effect!.hi).toBeGreaterThan(1.4);
    // Time to answer fell: that is better too, though its ratio is below 1.
    expect(v.deltas.find((d) => d.aspect === "latency")!.change).toBe("better");
    expect(v.deltas.find((d) => d.aspect === "memory")!.change).toBe("same");
    expect(v.headline).toContain("m speed: better in B");
  });

  it("calls the slower run worse, and can't tell on too few answers", () => {
    expect(compareVerdict(run("a", 30, 70), run("b", 30, 50)).deltas[0].change).toBe("worse");
    const few = compareVerdict(run("a", 4, 50), run("b", 4, 70)).deltas[0];
    expect(few.change).toBe("unclear");
    expect(few.why).toContain("too few answers");
  });
});
