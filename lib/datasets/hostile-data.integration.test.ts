import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { documentCount } from "../db/queries/documents";
import { findDataset, insertDataset } from "../db/queries/datasets";
import { failImport } from "./import-failure";
import { waitForImport } from "./jobs";
import { latestProgress } from "./progress";
import { createDataset } from "./service";
import { importText, testContext, uploadText } from "./testing/context";

// Hostile and unlucky CSVs: text Postgres cannot store, a failure while recording a failure, the same file
// mapped twice, and the same bytes uploaded twice.

let ctx: Awaited<ReturnType<typeof testContext>>;
beforeAll(async () => {
  ctx = await testContext();
});
afterAll(() => ctx.close());

const uploadsOnDisk = () => fs.readdirSync(path.join(ctx.dataDir, "uploads")).filter((f) => !f.startsWith("."));

describe("imports never hang", () => {
  it("cleans NUL bytes (Postgres refuses them), counts the rows, and finishes ready", async () => {
    const csv =
      "asins,reviews.title,reviews.text,name\nP1,ok,plain review about battery,n\nP1,bad\u0000title,nul\u0000inside the text,na\u0000me\nP\u00002,t,another review,n\n";
    const id = await importText(ctx, csv);
    const d = (await findDataset(ctx.db, id))!;
    expect(d.status, d.error ?? "").toBe("ready");
    expect(d.rowsDone).toBe(3);
    expect(d.rowsCleaned).toBe(2);
    expect(await documentCount(ctx.db, id)).toBe(3);
  });

  it("ends the import as failed and tells watchers even when the database refuses to record the failure", async () => {
    const own = await openDatabase({ driver: "pglite", dataDir: null });
    const dataset = await insertDataset(own.db, {
      id: "ds_closedb",
      name: "x",
      sourceFile: "/nonexistent.csv",
      fileSha256: "0".repeat(64),
      fileBytes: 1,
      mapping: { text: ["t"], group: null, labels: [] },
      embedder: "e",
      embeddingDim: 4,
      metric: "cosine",
      status: "importing",
    });
    await own.close(); // every write now throws
    await failImport(own.db, dataset.id, "The import stopped: disk on fire");
    expect(latestProgress(dataset.id)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/could not be stored/),
    });
  });
});

describe("re-imports and uploads", () => {
  const csv = "product,title,body,stars\nA,good,works well with battery,5\nB,bad,broke after a week,1\n";

  it("makes a new dataset when the same file is mapped differently, and finds the first when mapped the same", async () => {
    const upload = await uploadText(ctx, csv);
    const first = await createDataset(ctx, {
      uploadId: upload.id,
      mapping: { text: ["body"], group: "product", labels: [] },
      name: "bodies",
    });
    const other = await createDataset(ctx, {
      uploadId: upload.id,
      mapping: { text: ["title", "body"], group: "product", labels: ["stars"] },
    });
    expect(other.existing).toBe(false);
    expect(other.dataset.id).not.toBe(first.dataset.id);
    const renamed = await createDataset(ctx, {
      uploadId: upload.id,
      mapping: { text: ["body"], group: "product", labels: [] },
      name: "another name",
    });
    expect(renamed.existing).toBe(true);
    expect(renamed.dataset.id).toBe(first.dataset.id);
    await Promise.all([waitForImport(first.dataset.id), waitForImport(other.dataset.id)]);
    expect((await findDataset(ctx.db, other.dataset.id))!.status).toBe("ready");
  });

  it("stores identical uploads once on disk", async () => {
    const before = uploadsOnDisk().length;
    const a = await uploadText(ctx, "x,y\n1,identical bytes\n", "one.csv");
    const b = await uploadText(ctx, "x,y\n1,identical bytes\n", "two.csv");
    expect(b.id).toBe(a.id);
    expect(b.fileName).toBe("two.csv");
    expect(uploadsOnDisk().length).toBe(before + 2); // the file and its sidecar, once
  });
});
