import { describe, expect, it } from "vitest";
import { autoRunName } from "./labels";

describe("a run nobody named", () => {
  it("is titled by its models' display names and its dataset, not its raw id", () => {
    expect(autoRunName(["lineup-dense.Q8_0.gguf", "lineup-gqa.Q8_0.gguf"], "Sample product reviews")).toBe(
      "lineup-dense vs lineup-gqa on Sample product reviews",
    );
  });

  it("stays short with many models, and reads without a dataset name", () => {
    const five = ["a.gguf", "b.gguf", "c.gguf", "d.gguf", "e.gguf"];
    expect(autoRunName(five, null)).toBe("a, b, c and 2 more");
  });
});
