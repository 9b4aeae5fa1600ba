import { describe, expect, it } from "vitest";
import { estimateMemoryBytes, splitEstimate } from "./estimate";

// A 7B-like model at Q4: 3.8 GiB of weights, 128 KiB of KV cache per token, 32 blocks.
const GiB = 1024 ** 3;
const facts = { weightsBytes: 3.8 * GiB, kvBytesPerToken: 128 * 1024, computeBytes: 0.3 * GiB, layers: 32 };

describe("the memory estimate split between RAM and VRAM", () => {
  it("is all RAM without a GPU", () => {
    const total = estimateMemoryBytes(facts, 4096);
    expect(splitEstimate(facts, 4096, null)).toEqual({ ramBytes: total, vramBytes: 0, gpuLayers: 0, totalLayers: 33 });
  });

  it("puts every layer on a GPU with room for the whole model", () => {
    const split = splitEstimate(facts, 4096, 24 * GiB);
    expect(split.gpuLayers).toBe(33);
    expect(split.vramBytes + split.ramBytes).toBe(estimateMemoryBytes(facts, 4096));
    expect(split.ramBytes).toBeLessThan(1024); // rounding only
  });

  it("offloads only what fits on a small GPU, the rest in RAM", () => {
    const split = splitEstimate(facts, 4096, 2 * GiB);
    expect(split.gpuLayers).toBeGreaterThan(0);
    expect(split.gpuLayers).toBeLessThan(33);
    expect(split.vramBytes).toBeLessThanOrEqual(2 * GiB * 0.9);
    expect(split.ramBytes).toBeGreaterThan(2 * GiB);
  });

  it("offloads nothing when even the compute buffers do not fit", () => {
    expect(splitEstimate(facts, 4096, 0.2 * GiB)).toMatchObject({ gpuLayers: 0, vramBytes: 0 });
  });
});
