import { describe, expect, it } from "vitest";
import { coefficientOfVariation, medianInterval, percentile, summarize } from "../metrics/stats";
import { barRows, modelColor, modelLabel, timeUnitFor, timeUnitOf, wrapLabel } from "./chart-data";
import type { ModelSummary } from "./types";

const summaryOf = (model: string, samples: number[]): ModelSummary => {
  const s = summarize(samples);
  return {
    model,
    ok: samples.length,
    failed: 0,
    cancelled: 0,
    excludedCold: 0,
    figures: new Proxy({}, { get: () => s }) as ModelSummary["figures"],
  };
};

describe("chart statistics", () => {
  it("interpolates percentiles the way numpy does", () => {
    expect(percentile([1, 2, 3, 4], 10)).toBeCloseTo(1.3);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7);
    expect(percentile([], 50)).toBeNull();
  });

  it("never draws below zero where mean ± sd would (the busy-machine run: 24.0 ± 40.7 tok/s)", () => {
    const skewed = [2, 3, 3, 4, 5, 140];
    const s = summarize(skewed);
    expect(s.mean! - s.sd!).toBeLessThan(0); // what the old chart drew
    const row = barRows(["a.gguf"], [summaryOf("a.gguf", skewed)], "generationTokensPerSecond")[0];
    expect(row.low).toBeGreaterThanOrEqual(0);
    expect(row.median).toBe(3.5);
    expect(row.high).toBeGreaterThan(row.median!);
    expect(row.n).toBe(6);
    expect(medianInterval({ p10: -5, p50: -1, p90: 2 })).toEqual({ median: 0, low: 0, high: 2 });
  });

  it("measures noise as the coefficient of variation", () => {
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(coefficientOfVariation([2, 3, 3, 4, 5, 140])!).toBeGreaterThan(0.3);
    expect(coefficientOfVariation([5])).toBeNull();
  });
});

describe("chart axes and labels", () => {
  it("chooses one time unit per axis from its largest value", () => {
    expect(timeUnitFor(900).unit).toBe("ms");
    expect(timeUnitFor(40_000).unit).toBe("s");
    expect(timeUnitFor(120_000).unit).toBe("min");
    // The axis mixed 2.0 min, 1.3 min, 40 s and 0 ms: with one unit, every tick is in minutes.
    const rows = [summaryOf("a.gguf", [60_000, 120_000, 180_000])];
    const unit = timeUnitOf(rows, "endToEndMs");
    expect(unit.unit).toBe("min");
    expect(barRows(["a.gguf"], rows, "endToEndMs", unit.divisor)[0].median).toBeCloseTo(2);
  });

  it("wraps a long model name onto lines without dropping a character", () => {
    const label = "mixtral-8x7b-instruct-v0.1";
    const lines = wrapLabel(label, 10);
    expect(lines.join("")).toBe(label);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(10);
  });

  it("names models without .gguf and quantisation unless that collides, and keeps one colour per model", () => {
    expect(modelLabel("lineup-dense.Q8_0.gguf")).toBe("lineup-dense");
    const models = ["llama.Q4_K_M.gguf", "llama.Q8_0.gguf", "mistral.gguf"];
    expect(modelLabel("llama.Q8_0.gguf", models)).toBe("llama.Q8_0");
    expect(modelColor(models, "mistral.gguf")).not.toBe(modelColor(models, "llama.Q8_0.gguf"));
    expect(modelColor(models, "mistral.gguf")).toBe(modelColor([...models], "mistral.gguf"));
  });
});
