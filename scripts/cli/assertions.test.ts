import { describe, expect, it } from "vitest";
import { checkAssertions, parseAssertion } from "./assertions";

describe("CLI assertions", () => {
  it("parse name, operator and number, and refuse anything else with the expected form", () => {
    expect(parseAssertion("genRate>=20")).toMatchObject({ name: "genRate", op: ">=", value: 20 });
    expect(parseAssertion(" ttft < 250.5 ")).toMatchObject({ name: "ttft", op: "<", value: 250.5 });
    expect(() => parseAssertion("genRate=>20")).toThrow(/name>=number/);
    expect(() => parseAssertion("speed>=1")).toThrow(/unknown figure speed/);
  });
  it("fail per model, and fail when the figure is missing rather than pass", () => {
    const rows = [
      { model: "a", genRate: 30, groundedness: 0.8 },
      { model: "b", genRate: 12, groundedness: null },
    ];
    expect(checkAssertions(rows, [parseAssertion("genRate>=20")])).toEqual(["b: genRate>=20 failed (genRate = 12)."]);
    expect(checkAssertions(rows, [parseAssertion("groundedness>=0.5")])).toEqual([
      expect.stringMatching(/^b: .*cannot be checked/),
    ]);
    expect(checkAssertions(rows, [parseAssertion("genRate>=10")])).toEqual([]);
  });
});
