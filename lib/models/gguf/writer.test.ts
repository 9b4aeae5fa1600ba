import { describe, expect, it } from "vitest";
import { fromHalf, quantizeQ8_0, toHalf } from "./writer";

describe("GGUF writer number formats", () => {
  it("round-trips half floats to within half precision", () => {
    for (const v of [0, 1, -2.5, 0.0001234, 65504, 3.14159]) {
      // Half precision keeps 11 significant bits: relative error at most 2^-11 (normal range).
      expect(Math.abs(fromHalf(toHalf(v)) - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -24));
    }
  });

  it("quantises a Q8_0 block to a scale and 32 bytes that reproduce the values", () => {
    const values = Float32Array.from({ length: 32 }, (_, i) => (i - 16) / 10);
    const block = quantizeQ8_0(values);
    expect(block.length).toBe(34);
    const scale = fromHalf(block.readUInt16LE(0));
    for (let i = 0; i < 32; i++) expect(block.readInt8(2 + i) * scale).toBeCloseTo(values[i], 1);
  });
});
