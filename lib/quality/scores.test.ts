import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadEmbedder, type Embedder } from "../embeddings/embedder";
import { DEMO_EMBEDDER_ID, writeDemoEmbedder } from "../models/demo/embedder-demo";
import { TRAINED_EMBEDDER_ID, writeTrainedEmbedder } from "../models/trained/embedder";
import { SHIPPED_WEIGHTS_DIR } from "../models/trained/shipped";
import { distinct2, isRefusal, scoreAnswer, sentences } from "./scores";

// Real transformers.js embedders (the demo one every dataset gets by default, and the trained review
// embedder), so the ordering below is what a run's page will show, not what a stand-in similarity gives.

const documents = [
  "Love it, the battery lasts for weeks. Also the screen is sharp and easy on the eyes.",
  "Great e-reader. It is light enough to hold in one hand, and the screen is sharp.",
];
const question = "What do people like about the product?";
const copied =
  "The battery lasts for weeks. The screen is sharp and easy on the eyes. It is light enough to hold in one hand.";
const offTopic = "The pizza was delivered late and cold. Our waiter forgot the drinks, and the parking lot was full.";
const randomWords = "zebra quantum marble obtuse violin gravel seventeen lantern mosaic orbit";

let dir: string;
const embedders: Embedder[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "quality-embed-"));
  writeDemoEmbedder(dir);
  writeTrainedEmbedder(SHIPPED_WEIGHTS_DIR, dir);
  embedders.push(await loadEmbedder(dir, DEMO_EMBEDDER_ID), await loadEmbedder(dir, TRAINED_EMBEDDER_ID));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each([DEMO_EMBEDDER_ID, TRAINED_EMBEDDER_ID])("scores with the %s embedder", (id) => {
  const embed = (texts: string[]) => embedders.find((e) => e.id === id)!.embed(texts);
  const score = (answer: string) => scoreAnswer({ question, answer, documents }, embed);

  it("ranks an answer copied from the context above an off-topic fluent one, and that above random words", async () => {
    const [a, b, c] = await Promise.all([score(copied), score(offTopic), score(randomWords)]);
    expect(a.groundedness).toBeGreaterThan(b.groundedness);
    expect(b.groundedness).toBeGreaterThan(c.groundedness);
    expect(a.groundedness).toBeGreaterThan(0.6);
  });

  it("finds an answer that takes up the question more relevant than an off-topic one", async () => {
    // Both embedders are lexical (a token table, mean-pooled): relevance shows as shared words with the question.
    const onTopic = await score("People like that the battery lasts for weeks and the screen is sharp.");
    const off = await score(offTopic);
    expect(onTopic.answerRelevance).toBeGreaterThan(off.answerRelevance + 0.1);
  });

  it("keeps every score a number in [0, 1], empty answers included", async () => {
    for (const answer of [copied, offTopic, randomWords, "", "   ...  ", "I don't know."]) {
      const s = await score(answer);
      for (const v of Object.values(s)) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    const empty = await score("  ");
    expect(empty).toMatchObject({ empty: 1, groundedness: 0, answerRelevance: 0, refusal: 0 });
    expect(empty.contextRelevance).toBeGreaterThan(0);
  });
});

describe("text-only scores", () => {
  it("distinct-2 falls as an answer repeats itself", () => {
    expect(distinct2("the screen is sharp and the battery lasts")).toBe(1);
    expect(distinct2("it is good it is good it is good it is good")).toBeLessThan(0.5);
    expect(distinct2("")).toBe(0);
  });

  it("flags refusals, not answers that merely mention information", () => {
    expect(isRefusal("I don't know based on the reviews.")).toBe(true);
    expect(isRefusal("There is not enough information in the context.")).toBe(true);
    expect(isRefusal("The reviews do not mention the price.")).toBe(true);
    expect(isRefusal("People like the information on the screen.")).toBe(false);
  });

  it("splits sentences at end marks and line breaks", () => {
    expect(sentences("One. Two!\nThree? ... ")).toEqual(["One.", "Two!", "Three?"]);
  });
});
