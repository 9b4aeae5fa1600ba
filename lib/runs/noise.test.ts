import { describe, expect, it } from "vitest";
import type { CellLoad } from "../system/load-types";
import { noiseReport } from "./noise";
import type { GenerationView } from "./types";

const quiet: CellLoad = { windowMs: 1000, loadAvg1: 0.5, cpus: 2, otherCores: 0.05, ownCores: 1.9, stealPercent: 0 };
const busy: CellLoad = { ...quiet, otherCores: 1.4 };

let id = 0;
const gen = (model: string, rate: number, load: CellLoad | null, cold = false): GenerationView => ({
  id: ++id,
  questionId: id,
  model,
  repetition: 0,
  cold,
  status: "ok",
  answer: "",
  tokenTimes: [],
  stopReason: "eos",
  error: null,
  metrics: { generationTokensPerSecond: rate },
  load,
  quality: null,
});

describe("noise report", () => {
  it("says nothing about a steady run on a quiet machine", () => {
    const r = noiseReport(
      ["a.gguf"],
      [gen("a.gguf", 50, quiet, true), gen("a.gguf", 40, quiet), gen("a.gguf", 41, quiet), gen("a.gguf", 39, quiet)],
    );
    expect(r.warnings).toEqual([]);
    expect(r.advice).toBeNull();
    expect(r.models[0]).toMatchObject({ n: 3, contended: 0, measured: 4 });
  });

  it("names the model whose rate varies and counts the answers measured on a busy machine, with what to do", () => {
    const gens = [
      gen("a.gguf", 40, quiet),
      gen("a.gguf", 41, quiet),
      gen("b.Q8_0.gguf", 40, busy),
      gen("b.Q8_0.gguf", 8, busy),
      gen("b.Q8_0.gguf", 30, quiet),
    ];
    const r = noiseReport(["a.gguf", "b.Q8_0.gguf"], gens);
    expect(r.contended).toBe(2);
    expect(r.warnings[0]).toContain("2 of 5 answers");
    expect(r.warnings[0]).toContain("1.4 cores");
    expect(r.warnings.some((w) => w.startsWith("b:") && w.includes("variation"))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith("a:"))).toBe(false);
    expect(r.advice).toMatch(/re-run|repetitions/);
  });
});
