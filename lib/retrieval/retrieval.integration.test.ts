import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { documentCount } from "../db/queries/documents";
import { findDataset } from "../db/queries/datasets";
import { writeSampleCsv } from "../datasets/sample/generate";
import { searchDataset } from "../datasets/service";
import { importText, testContext } from "../datasets/testing/context";
import { ensureTrainedModels } from "../models/demo/ensure";
import { TRAINED_EMBEDDER_ID } from "../models/trained/embedder";
import { evaluateRetrieval } from "./evaluate";

// Real import, real embedder, real Postgres (PGlite): duplicates stored once, hybrid retrieval finding by words
// what vectors alone may not, and the evaluation on the sample's known answers.

let ctx: Awaited<ReturnType<typeof testContext>>;
beforeAll(async () => {
  ctx = await testContext();
  ensureTrainedModels(ctx.modelsDir);
});
afterAll(() => ctx.close());

const csv = (rows: [string, string][]) =>
  ["asins,reviews.text", ...rows.map(([g, t]) => `${g},"${t}"`)].join("\n") + "\n";
const repeated: [string, string][] = [
  ["A", "The battery lasts all week."],
  ["A", "the battery  lasts all WEEK."],
  ["A", "The battery lasts all week."],
  ["A", "The screen is too dim outside."],
  ["B", "The battery lasts all week."],
];

describe("duplicate reviews", () => {
  it("stores identical texts of a group once with their count, and keeps them apart across groups", async () => {
    const id = await importText(ctx, csv(repeated), { name: "dups" });
    const d = (await findDataset(ctx.db, id))!;
    expect(d).toMatchObject({ status: "ready", dedupe: true, rowsDone: 5, rowsMerged: 2 });
    expect(await documentCount(ctx.db, id)).toBe(3);
    const { hits } = await searchDataset(ctx, { id, query: "How long does the battery last?", group: "A", k: 2 });
    expect(hits.map((h) => h.duplicates).sort()).toEqual([1, 3]);
    expect(new Set(hits.map((h) => h.text.toLowerCase().replace(/\s+/g, " "))).size).toBe(2);
  });

  it("keeps every row when asked to, as a separate dataset of the same file", async () => {
    const id = await importText(ctx, csv(repeated), { name: "all rows", dedupe: false });
    const d = (await findDataset(ctx.db, id))!;
    expect(d).toMatchObject({ dedupe: false, rowsDone: 5, rowsMerged: 0 });
    expect(await documentCount(ctx.db, id)).toBe(5);
  });
});

describe("hybrid retrieval", () => {
  it("ranks a document by a rare word of the question, and says which retriever found each document", async () => {
    const filler = Array.from({ length: 30 }, (_, i): [string, string] => [
      "P",
      `Review ${i}: the sound is fine and the battery is fine for the price.`,
    ]);
    const id = await importText(ctx, csv([...filler, ["P", "The XJ9000 adapter melted on day two."]]), {
      name: "rare word",
    });
    const question = "Is the XJ9000 adapter safe?";
    const hybrid = await searchDataset(ctx, {
      id,
      query: question,
      group: "P",
      k: 3,
      retrieval: { mode: "hybrid", mmr: false },
    });
    const found = hybrid.hits.find((h) => h.text.includes("XJ9000"));
    expect(found?.ranks?.text).toBe(1);
    const vector = await searchDataset(ctx, {
      id,
      query: question,
      group: "P",
      k: 3,
      retrieval: { mode: "vector", mmr: false },
    });
    expect(vector.hits.every((h) => h.ranks?.text === undefined && h.ranks?.vector !== undefined)).toBe(true);
  });

  it("treats tsquery syntax in a question as words, not as an error", async () => {
    const id = await importText(
      ctx,
      csv([
        ["Q", "It's great & cheap | really (honestly)."],
        ["Q", "Broke after a week."],
      ]),
      { name: "syntax" },
    );
    const { hits } = await searchDataset(ctx, {
      id,
      query: "great & !cheap | 'x' :* (",
      group: "Q",
      k: 2,
      retrieval: { mode: "hybrid", mmr: true },
    });
    expect(hits).toHaveLength(2);
  });
});

describe("retrieval evaluation on the sample's known answers", () => {
  it("reports recall@2 in [0, 1] with an interval for every question kind and mode, and finds the asked-for reviews", async () => {
    const file = writeSampleCsv(path.join(ctx.dataDir, "sample"));
    const id = await importText(ctx, fs.readFileSync(file, "utf8"), { embedder: TRAINED_EMBEDDER_ID });
    const rows = await evaluateRetrieval(ctx, id, 2);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r.recall.n).toBe(12);
      expect(r.recall.lo).toBeLessThanOrEqual(r.recall.mean);
      expect(r.recall.hi).toBeGreaterThanOrEqual(r.recall.mean);
      expect(r.recall.mean).toBeGreaterThanOrEqual(0);
      expect(r.recall.mean).toBeLessThanOrEqual(1);
    }
    // A user would notice the trained embedder bringing reviews of the wrong kind: most of the top 2 must fit.
    const plain = (kind: string) => rows.find((r) => r.kind === kind && r.mode.mode === "vector" && !r.mode.mmr)!;
    expect(plain("like").recall.mean).toBeGreaterThan(0.8);
    expect(plain("dislike").recall.mean).toBeGreaterThan(0.7);
  }, 120_000);
});
