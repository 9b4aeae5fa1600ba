// bench/ingest: per database (embedded PGlite, and a PostgreSQL server when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names one): (1) import rows/s through the whole pipeline (CSV parse, embed, insert, index)
// against raw transformers.js embedding of the same texts, alternating in one process; (2) the HNSW build time
// and filtered top-k latency at 100,000 rows. The last line of output is one JSON object with the figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { createServerDatabase } from "../lib/db/testing/drivers";
import { openDatabase, queryRows, type Database } from "../lib/db/client";
import {
  analyzeDocuments,
  createVectorIndex,
  dropVectorIndex,
  embeddingExpr,
  indexTypeOf,
  nearestInGroup,
} from "../lib/db/queries/documents";
import { findDataset } from "../lib/db/queries/datasets";
import { waitForImport } from "../lib/datasets/jobs";
import { createDataset } from "../lib/datasets/service";
import { saveUpload } from "../lib/datasets/uploads";
import { getEmbedder } from "../lib/embeddings/registry";
import type { Embedder } from "../lib/embeddings/embedder";
import { DEMO_EMBEDDER_ID } from "../lib/models/demo/embedder-demo";
import { ensureDemoModels } from "../lib/models/demo/ensure";
import { frequentWords } from "../lib/models/demo/words";
import { seededRandom } from "../lib/random";
import { median, percentile, round } from "./lib/stats";

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 100_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "";
const GROUPS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUERIES = 300;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-ingest-"));
const modelsDir = path.join(work, "models");
ensureDemoModels(modelsDir, []);
const words = frequentWords(3000);

function csv(rows: number, tag: string): string {
  const rand = seededRandom(`bench-ingest/${tag}`);
  const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(" ");
  const lines = ["asins,reviews.title,reviews.text"];
  for (let i = 0; i < rows; i++) lines.push(`G${i % GROUPS},${sentence(4)} ${tag},${sentence(30)}`);
  return lines.join("\n") + "\n";
}
const texts = (file: string) =>
  file
    .split("\n")
    .slice(1, -1)
    .map((l) => {
      const [, title, text] = l.split(",");
      return `${title}. ${text}`;
    });

async function measure(label: string, database: Database, embedder: Embedder) {
  const dataDir = path.join(work, `data-${label}`);
  const ctx = { db: database.db, dataDir, modelsDir };

  async function importRate(tag: string): Promise<number> {
    const upload = await saveUpload(
      dataDir,
      Readable.from([Buffer.from(csv(IMPORT_ROWS, tag))]),
      `${tag}.csv`,
      Infinity,
    );
    const started = performance.now();
    const { dataset } = await createDataset(ctx, { uploadId: upload.id, name: tag });
    await waitForImport(dataset.id);
    const seconds = (performance.now() - started) / 1000;
    if ((await findDataset(ctx.db, dataset.id))?.status !== "ready") throw new Error("import failed");
    return IMPORT_ROWS / seconds;
  }
  async function rawRate(tag: string): Promise<number> {
    const all = texts(csv(IMPORT_ROWS, tag));
    const started = performance.now();
    for (let i = 0; i < all.length; i += 32) await embedder.embed(all.slice(i, i + 32));
    return all.length / ((performance.now() - started) / 1000);
  }

  const raw: number[] = [];
  const piped: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await rawRate(`${label}-raw${r}`));
    piped.push(await importRate(`${label}-imp${r}`));
    console.log(
      `[${label}] round ${r + 1}: raw embedding ${raw[r].toFixed(0)} rows/s, import ${piped[r].toFixed(0)} rows/s`,
    );
  }

  console.log(`[${label}] building a ${SEARCH_ROWS.toLocaleString("en-US")}-row dataset for search latency...`);
  const upload = await saveUpload(dataDir, Readable.from([Buffer.from(csv(SEARCH_ROWS, "big"))]), "big.csv", Infinity);
  const bigStart = performance.now();
  const { dataset } = await createDataset(ctx, { uploadId: upload.id, name: `${label}-big` });
  await waitForImport(dataset.id);
  const bigImportSeconds = (performance.now() - bigStart) / 1000;
  const big = (await findDataset(ctx.db, dataset.id))!;
  // The import built the index; build it again on its own to time it.
  await dropVectorIndex(ctx.db, big.id);
  const hnswStart = performance.now();
  await createVectorIndex(ctx.db, big.id, big.embeddingDim, big.metric);
  await analyzeDocuments(ctx.db);
  const hnswSeconds = (performance.now() - hnswStart) / 1000;
  console.log(
    `[${label}] imported in ${bigImportSeconds.toFixed(0)} s (status ${big.status}); HNSW built again in ${hnswSeconds.toFixed(1)} s`,
  );

  const plan = await queryRows<{ "QUERY PLAN": string }>(
    ctx.db,
    sql.raw(
      `EXPLAIN SELECT id FROM documents WHERE dataset_id = '${big.id}' AND group_key = 'G1' ORDER BY ${embeddingExpr(big.embeddingDim, indexTypeOf(ctx.db))} <=> '[${(await embedder.embed(["battery"]))[0].join(",")}]'::${indexTypeOf(ctx.db)} LIMIT 2`,
    ),
  );
  const usesHnsw = plan.some((r) => r["QUERY PLAN"].includes(`documents_hnsw_${big.id}`));
  const rand = seededRandom("bench-ingest/queries");
  const queries = await embedder.embed(
    Array.from({ length: QUERIES }, () =>
      Array.from({ length: 8 }, () => words[Math.floor(rand() * words.length)]).join(" "),
    ),
  );
  const latencies: number[] = [];
  let short = 0;
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    const hits = await nearestInGroup(ctx.db, {
      datasetId: big.id,
      dim: big.embeddingDim,
      metric: big.metric,
      group: `G${i % GROUPS}`,
      query: queries[i],
      k: 2,
    });
    latencies.push(performance.now() - t);
    if (hits.length < 2) short++;
  }
  console.log(
    `[${label}] search plan uses HNSW: ${usesHnsw}; p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms`,
  );
  return {
    rawEmbedRowsPerSecond: round(median(raw), 1),
    importRowsPerSecond: round(median(piped), 1),
    importToRawRatio: round(median(piped) / median(raw)),
    importRoundsRowsPerSecond: piped.map((p) => round(p, 1)),
    bigImportSeconds: round(bigImportSeconds, 1),
    hnswBuildSeconds: round(hnswSeconds, 2),
    searchP50Ms: round(percentile(latencies, 50), 2),
    searchP95Ms: round(percentile(latencies, 95), 2),
    queriesWithFewerThanK: short,
    searchUsesHnsw: usesHnsw,
  };
}

async function main() {
  const embedder = await getEmbedder(modelsDir, DEMO_EMBEDDER_ID);
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};

  const embedded = await openDatabase({ driver: "pglite", dataDir: path.join(work, "pglite") });
  results.pglite = await measure("pglite", embedded, embedder);
  await embedded.close();

  if (SERVER_URL) {
    const fresh = await createServerDatabase(SERVER_URL, "lineup_bench");
    const server = await openDatabase({ driver: "pg", url: fresh.url });
    try {
      results.postgres = await measure("postgres", server, embedder);
    } finally {
      await server.close();
      await fresh.drop();
    }
  } else {
    console.log(
      "no BENCH_DATABASE_URL / TEST_DATABASE_URL: PostgreSQL server not measured (scripts/test-postgres.sh run npm run bench:ingest)",
    );
  }
  fs.rmSync(work, { recursive: true, force: true });

  const figures = {
    bench: "ingest",
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    loadAverage1m: round(os.loadavg()[0], 2),
    embedder: DEMO_EMBEDDER_ID,
    importRows: IMPORT_ROWS,
    rounds: ROUNDS,
    importGoalRatio: 0.8,
    searchRows: SEARCH_ROWS,
    searchGroups: GROUPS,
    k: 2,
    queries: QUERIES,
    searchGoalP95Ms: 20,
    ...results,
  };
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
