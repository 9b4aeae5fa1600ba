import { describe, expect, it } from "vitest";
import { countWords, generationMetrics } from "./generation";
import { percentile, stddev, summarize } from "./stats";

describe("generation metrics", () => {
  const timing = {
    promptTokens: 101,
    promptMs: 200,
    tokenTimes: [250, 260, 270, 290, 330],
    tokenNonEmpty: [true, true, true, true, true],
    totalMs: 330,
  };

  it("follows the reference definitions", () => {
    const m = generationMetrics(timing, "the battery lasts all", { peakRssBytes: 300, baseRssBytes: 100 });
    expect(m.ttftMs).toBe(250);
    expect(m.promptTokensPerSecond).toBe(500); // 100 pre-filled tokens in 200 ms
    expect(m.generationTokensPerSecond).toBeCloseTo(4 / 0.08); // (5 - 1) tokens over 330 - 250 ms
    expect(m.tpotMs).toBe(20);
    expect(m.interTokenP50Ms).toBe(15); // gaps 10, 10, 20, 40
    expect(m.wordsPerSecond).toBeCloseTo(4 / 0.33);
    expect(m.memoryGrowthBytes).toBe(200);
  });

  it("counts TTFT from the first token with visible text", () => {
    const m = generationMetrics({ ...timing, tokenNonEmpty: [false, true, true, true, true] }, "x");
    expect(m.ttftMs).toBe(260);
    expect(m.generationTokensPerSecond).toBeCloseTo(3 / 0.07);
  });

  it("has no rates for an answer of one token or none", () => {
    const one = generationMetrics({ ...timing, tokenTimes: [250], tokenNonEmpty: [true], totalMs: 250 }, "yes");
    expect(one.generationTokensPerSecond).toBeNull();
    expect(one.tpotMs).toBeNull();
    const none = generationMetrics({ ...timing, tokenTimes: [], tokenNonEmpty: [], totalMs: 210 }, "");
    expect(none.ttftMs).toBeNull();
    expect(none.words).toBe(0);
  });

  it("counts words, not punctuation", () => {
    expect(countWords(" the battery , lasts . ")).toBe(3);
  });
});

describe("statistics", () => {
  it("gives percentiles by interpolation and the sample standard deviation", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5], 90)).toBe(5);
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(summarize([1, null, 3])).toMatchObject({ n: 2, mean: 2, min: 1, max: 3 });
  });
});
