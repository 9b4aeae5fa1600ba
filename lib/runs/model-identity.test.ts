import { describe, expect, it } from "vitest";
import { MODEL_PALETTE, modelColor, modelLabel } from "./model-identity";

const DEMO = ["lineup-dense.Q8_0.gguf", "lineup-gqa.Q8_0.gguf", "lineup-moe.Q8_0.gguf", "lineup-dense-large.Q8_0.gguf"];

describe("one identity per model", () => {
  it("gives a model the same colour whatever the run's order (lineup-gqa was orange in one run, blue in the next)", () => {
    const forward = DEMO.map((m) => modelColor(DEMO, m));
    const reversed = [...DEMO].reverse();
    expect(DEMO.map((m) => modelColor(reversed, m))).toEqual(forward);
    // With only some of the models in a run, those without a clash keep the colour they have alone.
    expect(modelColor(["lineup-gqa.Q8_0.gguf"], "lineup-gqa.Q8_0.gguf")).toBe(
      modelColor(["lineup-moe.Q8_0.gguf", "lineup-gqa.Q8_0.gguf"], "lineup-gqa.Q8_0.gguf"),
    );
  });

  it("never gives two models shown together the same colour, up to the palette's size", () => {
    const many = Array.from({ length: MODEL_PALETTE.length }, (_, i) => `model-${i}.Q4_0.gguf`);
    expect(new Set(many.map((m) => modelColor(many, m))).size).toBe(MODEL_PALETTE.length);
  });

  it("names a model without .gguf and its quantisation, keeping the quantisation only to tell two apart", () => {
    expect(modelLabel("lineup-dense.Q8_0.gguf")).toBe("lineup-dense");
    expect(modelLabel("lineup-dense.Q8_0.gguf", DEMO)).toBe("lineup-dense");
    expect(modelLabel("llama.Q8_0.gguf", ["llama.Q4_K_M.gguf", "llama.Q8_0.gguf"])).toBe("llama.Q8_0");
  });
});
