import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDataset } from "../db/queries/datasets";
import { TEST_DATABASE_URL } from "../db/testing/drivers";
import { startImport, waitForImport } from "../datasets/jobs";
import { writeSampleCsv } from "../datasets/sample/generate";
import { createDataset } from "../datasets/service";
import { importText, testContext, uploadText } from "../datasets/testing/context";
import { TINY } from "../models/testing/fixtures";
import { stopAll, waitForRun } from "./queue";
import { createRun, getRun } from "./service";

// On a real PostgreSQL server: an import and a run at the same time, and connections dropped during a run.

// Skipped only without a server (a plain `npm test` on a fresh clone); CI always starts one (.ci/run).
describe.skipIf(!TEST_DATABASE_URL)("runs and imports on a PostgreSQL server", () => {
  let ctx: Awaited<ReturnType<typeof testContext>> & { threads: number };
  let datasetId: string;
  const MODELS = TINY.map((m) => m.file);
  const settings = () => ({
    datasetId,
    models: MODELS.slice(0, 2),
    groups: ["B00SAMPLE01", "B00SAMPLE02", "B00SAMPLE03"],
    maxTokens: 16,
    seed: 3,
    threads: 1,
  });

  beforeAll(async () => {
    ctx = { ...(await testContext("server")), threads: 1 };
    datasetId = await importText(ctx, fs.readFileSync(writeSampleCsv(path.join(ctx.dataDir, "s")), "utf8"));
  }, 120_000);
  afterAll(async () => {
    await stopAll();
    await ctx?.close();
  });

  it("an import and a run progress at the same time: neither waits for the other to finish", async () => {
    const rows = ["asins,reviews.title,reviews.text"];
    // Large enough that the import outlasts the run's start (model load, retrieval) on a busy CI machine: with 8,000
    // rows a loaded machine once finished the import before the run's first answer.
    for (let i = 0; i < 20_000; i++)
      rows.push(`G${i % 8},Review ${i},The battery and the screen of item ${i} are fine but the case is loose`);
    const upload = await uploadText(ctx, rows.join("\n") + "\n", "big.csv");
    const { dataset } = await createDataset(ctx, { uploadId: upload.id, name: `big-${Date.now()}` });
    startImport(ctx, dataset.id);
    const { id } = await createRun(ctx, settings());
    // Sample both while they work: answers must be stored while the import is still going, and the import's rows
    // must grow while the run is running.
    const seen: { done: number; run: string; rows: number; status: string }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [run, d] = await Promise.all([getRun(ctx, id), findDataset(ctx.db, dataset.id)]);
        seen.push({ done: run.done, run: run.run.status, rows: d?.rowsDone ?? 0, status: d?.status ?? "?" });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.all([waitForRun(id), waitForImport(dataset.id)]);
    sampling = false;
    await sampler;
    const run = await getRun(ctx, id);
    expect(run.run.status).toBe("completed");
    expect((await findDataset(ctx.db, dataset.id))?.status).toBe("ready");
    const trace = JSON.stringify(seen.filter((_, i) => i % 5 === 0));
    expect(
      seen.some((s) => s.status === "importing" && s.done > 0),
      `an answer stored during the import: ${trace}`,
    ).toBe(true);
    const whileRunning = seen.filter((s) => s.run === "running" && s.status === "importing").map((s) => s.rows);
    expect(new Set(whileRunning).size, `import rows growing during the run: ${trace}`).toBeGreaterThan(1);
  }, 240_000);

  it("a run whose database connections are dropped mid-run still stores every cell, or fails one with its reason", async () => {
    const { id } = await createRun(ctx, settings());
    const db = new URL(ctx.location).pathname.slice(1);
    const killer = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await killer.connect();
    let killed = 0;
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 400));
      const { rowCount } = await killer.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [db],
      );
      killed += rowCount ?? 0;
    }
    await killer.end();
    await waitForRun(id);
    const detail = await getRun(ctx, id);
    expect(killed).toBeGreaterThan(0);
    expect(detail.run.status).toBe("completed");
    expect(detail.generations).toHaveLength(detail.total);
    for (const g of detail.generations) expect(g.status === "ok" || (g.status === "failed" && !!g.error)).toBe(true);
  }, 240_000);
});
