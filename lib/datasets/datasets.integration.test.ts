import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVectorIndex, documentCount, dropVectorIndex, groupCounts } from "../db/queries/documents";
import { findDataset, updateDataset } from "../db/queries/datasets";
import { eq } from "drizzle-orm";
import { documents } from "../db/schema";
import { getEmbedder } from "../embeddings/registry";
import { runImport } from "./import-job";
import { cancelImport } from "./jobs";
import { progressFromRow, watchProgress } from "./progress";
import { sampleRows, writeSampleCsv } from "./sample/generate";
import { SAMPLE_PRODUCTS } from "./sample/products";
import { createDataset, searchDataset } from "./service";
import { importText, testContext, uploadText } from "./testing/context";

let ctx: Awaited<ReturnType<typeof testContext>>;
let sampleId: string;
const sampleCsv = () => fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8");

beforeAll(async () => {
  ctx = await testContext();
  sampleId = await importText(ctx, sampleCsv(), { name: "Sample" });
});
afterAll(() => ctx.close());

describe("dataset import", () => {
  it("imports the Datafiniti-layout sample without questions, counting the row with no text as skipped", async () => {
    const d = (await findDataset(ctx.db, sampleId))!;
    expect(d.status).toBe("ready");
    expect(d.mapping.group).toBe("asins");
    expect(d.rowsTotal).toBe(sampleRows().length);
    expect(d.rowsSkipped).toBe(1);
    expect(d.rowsDone).toBe(sampleRows().length - 1);
    // The sample repeats some reviews word for word: each is stored once and counted.
    expect(d.dedupe).toBe(true);
    expect(d.rowsMerged).toBeGreaterThan(0);
    expect(await documentCount(ctx.db, sampleId)).toBe(d.rowsDone - d.rowsMerged);
    expect((await groupCounts(ctx.db, sampleId)).map((g) => g.group)).toEqual(SAMPLE_PRODUCTS.map((p) => p.asin));
  });

  it("finds the first import when the same file is imported again", async () => {
    const upload = await uploadText(ctx, sampleCsv());
    const again = await createDataset(ctx, { uploadId: upload.id });
    expect(again.existing).toBe(true);
    expect(again.dataset.id).toBe(sampleId);
  });

  it("resumes an interrupted import from the middle: only the rows not stored are embedded, stored rows are kept", async () => {
    const total = 2000;
    const rows = [
      "asins,reviews.title,reviews.text",
      ...Array.from({ length: total }, (_, i) => `G${i % 3},t${i},review number ${i} about battery`),
    ];
    const upload = await uploadText(ctx, rows.join("\n"));
    const { dataset } = await createDataset(ctx, { uploadId: upload.id });
    // Cancel once the first batch is stored: the import stops in the middle, as a server stop would leave it.
    for await (const p of watchProgress(progressFromRow(dataset))) {
      if (p.rowsDone > 0) break;
    }
    await cancelImport(ctx.db, dataset.id);
    const cancelled = (await findDataset(ctx.db, dataset.id))!;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.rowsDone).toBeGreaterThan(0);
    expect(cancelled.rowsDone).toBeLessThan(total);
    const before = await ctx.db
      .select({ id: documents.id, row: documents.sourceRow })
      .from(documents)
      .where(eq(documents.datasetId, dataset.id));
    expect(before).toHaveLength(cancelled.rowsDone);

    // As after a restart: the import is picked up again from what the database says, counting what it embeds.
    await updateDataset(ctx.db, dataset.id, { status: "importing" });
    const real = await getEmbedder(ctx.modelsDir, dataset.embedder);
    let embedded = 0;
    const counting = { ...real, embed: (texts: string[]) => ((embedded += texts.length), real.embed(texts)) };
    await runImport(dataset.id, { db: ctx.db, embedder: counting, signal: new AbortController().signal });
    const done = (await findDataset(ctx.db, dataset.id))!;
    expect(done.status).toBe("ready");
    expect(done.rowsDone).toBe(total);
    expect(embedded).toBe(total - cancelled.rowsDone);
    const after = await ctx.db
      .select({ id: documents.id, row: documents.sourceRow })
      .from(documents)
      .where(eq(documents.datasetId, dataset.id));
    expect(after).toHaveLength(total);
    const afterIds = new Map(after.map((d) => [d.row, d.id]));
    expect(before.every((d) => afterIds.get(d.row) === d.id)).toBe(true);
  });

  it("stores a 1 MB review whole", async () => {
    const long = "battery ".repeat(131072).trim();
    const id = await importText(ctx, `asins,reviews.text\nX,${long}\nX,short review\n`);
    const result = await searchDataset(ctx, { id, query: "battery", group: "X", k: 2 });
    expect(result.hits.map((h) => h.text.length).sort((a, b) => b - a)[0]).toBe(long.length);
  });

  it("skips and counts a review the embedder has no words for, and imports the rest", async () => {
    // Only characters outside the demo embedder's vocabulary: its pooled vector is all zeros.
    const id = await importText(
      ctx,
      "asins,reviews.text\nX,the battery lasts\nX,日本語のレビュー ✨\nX,the screen is sharp\n",
    );
    const d = (await findDataset(ctx.db, id))!;
    expect(d.status).toBe("ready");
    expect(d.rowsDone).toBe(2);
    expect(d.rowsSkipped).toBe(1);
    const { hits } = await searchDataset(ctx, { id, query: "battery", group: "X", k: 5 });
    expect(hits.map((h) => h.text)).toEqual(expect.arrayContaining(["the battery lasts", "the screen is sharp"]));
  });

  it("refuses mapped columns the CSV does not have, naming the columns it has", async () => {
    const upload = await uploadText(ctx, "product,comment\np,nice\n");
    await expect(
      createDataset(ctx, { uploadId: upload.id, mapping: { text: ["review"], group: "product", labels: [] } }),
    ).rejects.toThrow('The column "review" is not in this CSV. Its columns are: product, comment.');
    await expect(createDataset(ctx, { uploadId: upload.id })).rejects.toThrow(
      /Choose its text and group columns from: product, comment/,
    );
  });

  it("imports another layout once its columns are mapped", async () => {
    const id = await importText(
      ctx,
      "product;comment;stars\np1;the lid leaks;2\np1;keeps coffee hot;5\np2;strap broke;1\n",
      {
        mapping: { text: ["comment"], group: "product", labels: ["stars"] },
      },
    );
    const d = (await findDataset(ctx.db, id))!;
    expect(d.status).toBe("ready");
    const { hits } = await searchDataset(ctx, { id, query: "does the lid leak", group: "p1", k: 1 });
    expect(hits[0]).toMatchObject({ text: "the lid leaks", metadata: { stars: "2" } });
  });
});

describe("upload checks", () => {
  it.each([
    ["an empty file", "", /The file is empty/],
    ["bytes that are not UTF-8", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x0a]), /not UTF-8 text/],
  ])("refuses %s, keeping nothing of it", async (_label, content, message) => {
    const before = fs.readdirSync(path.join(ctx.dataDir, "uploads")).length;
    await expect(uploadText(ctx, content as string)).rejects.toThrow(message);
    expect(fs.readdirSync(path.join(ctx.dataDir, "uploads")).length).toBe(before);
  });

  it("refuses a file over the limit with a 413 that names the limit, keeping nothing of it", async () => {
    const before = fs.readdirSync(path.join(ctx.dataDir, "uploads")).length;
    const err = await uploadText(ctx, "a,b\n" + "x,y\n".repeat(1000), "big.csv", 1024).catch((e) => e);
    expect(err.status).toBe(413);
    expect(err.message).toMatch(/larger than the upload limit of 1.0 KiB/);
    expect(fs.readdirSync(path.join(ctx.dataDir, "uploads")).length).toBe(before);
  });
});

describe("retrieval", () => {
  it("returns k reviews of the product, ranked by meaning of the question's words", async () => {
    const product = SAMPLE_PRODUCTS[8]; // the video doorbell
    const { hits, embedMs, retrievalMs } = await searchDataset(ctx, {
      id: sampleId,
      query: "What do people say about the night vision?",
      group: product.asin,
      k: 5,
    });
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => h.groupKey === product.asin)).toBe(true);
    expect(hits[0].text).toMatch(/night vision/);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(embedMs).toBeGreaterThan(0);
    expect(retrievalMs).toBeGreaterThan(0);
  });

  it("returns every row of a group when k is at least its size, with and without the HNSW index", async () => {
    // Groups hold 24 to 26 reviews, fewer once repeated texts are stored once: every stored one must come back.
    const sizes = new Map((await groupCounts(ctx.db, sampleId)).map((g) => [g.group, g.documents]));
    const search = async () => {
      for (const p of SAMPLE_PRODUCTS.slice(0, 3)) {
        const { hits } = await searchDataset(ctx, { id: sampleId, query: "battery", group: p.asin, k: 30 });
        expect(hits).toHaveLength(sizes.get(p.asin)!);
      }
    };
    await search(); // exact scan: the sample is below the HNSW threshold
    await createVectorIndex(ctx.db, sampleId, 256, "cosine");
    await search();
    await dropVectorIndex(ctx.db, sampleId);
  });

  it.each([
    [{ group: "NOPE", k: 2, query: "x" }, /no group "NOPE"\. Its groups include: B00SAMPLE01/],
    [{ group: "B00SAMPLE01", k: 0, query: "x" }, /k must be a whole number from 1 to 50; got 0/],
    [{ group: "B00SAMPLE01", k: 51, query: "x" }, /k must be a whole number from 1 to 50/],
    [{ group: "B00SAMPLE01", k: 2, query: "   " }, /Type a question/],
    [
      { group: "B00SAMPLE01", k: 2, query: "x", embedder: "Xenova/all-MiniLM-L6-v2" },
      /embedded with lineup-demo-embedder; searching it with Xenova\/all-MiniLM-L6-v2 would compare unrelated vectors/,
    ],
  ])("explains a bad search %#", async (args, message) => {
    await expect(searchDataset(ctx, { id: sampleId, ...args })).rejects.toThrow(message);
  });
});
