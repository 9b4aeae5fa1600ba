import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EMBEDDER_ID } from "../models/demo/embedder-demo";
import { tinyModelsDir } from "../models/testing/fixtures";
import { loadEmbedder, type Embedder } from "./embedder";

let models: { dir: string; cleanup: () => void };
let embedder: Embedder;
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

beforeAll(async () => {
  models = tinyModelsDir();
  embedder = await loadEmbedder(models.dir, DEMO_EMBEDDER_ID);
});
afterAll(() => models.cleanup());

describe("demo embedder through transformers.js", () => {
  it("makes unit vectors of its dimension, for cosine search", async () => {
    const [v] = await embedder.embed(["The battery lasts all day"]);
    expect(embedder.dim).toBe(256);
    expect(embedder.metric).toBe("cosine");
    expect(cosine(v, v)).toBeCloseTo(1, 5);
  });

  it("ranks texts sharing the question's words above texts that do not", async () => {
    const [q, battery, screen, shipping] = await embedder.embed([
      "What do people say about the battery?",
      "The battery died after two days, poor battery life",
      "The screen is bright and sharp",
      "Shipping was fast and the box arrived intact",
    ]);
    expect(cosine(q, battery)).toBeGreaterThan(cosine(q, screen) + 0.2);
    expect(cosine(q, battery)).toBeGreaterThan(cosine(q, shipping) + 0.2);
  });

  it("says which model is missing and how to get it", async () => {
    await expect(loadEmbedder(models.dir, "Xenova/all-MiniLM-L6-v2")).rejects.toThrow(
      /npm run models:pull -- Xenova\/all-MiniLM-L6-v2/,
    );
  });
});
