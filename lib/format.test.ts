import { describe, expect, it } from "vitest";
import { formatCount, formatInt } from "./format";

describe("counts", () => {
  it("writes an exact count with thousands separators, whatever the machine's locale", () => {
    expect(formatInt(60_000)).toBe("60,000");
    expect(formatInt(1_000)).toBe("1,000");
    expect(formatInt(7)).toBe("7");
  });

  it("shortens a count past 10,000 and writes a smaller one out", () => {
    expect(formatCount(9_999)).toBe("9,999");
    expect(formatCount(12_345)).toBe("12k");
    expect(formatCount(1_500_000)).toBe("1.5M");
    expect(formatCount(null)).toBe("–");
  });
});
