// bench/ingest: (1) import rows/s through the whole pipeline (CSV parse, embed, insert, index) against raw
// transformers.js embedding of the same texts, alternating in one process; (2) filtered top-k latency at
// 100,000 rows on PGlite. The last line of output is one JSON object with the figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../lib/db/client";
import { nearestInGroup } from "../lib/db/queries/documents";
import { findDataset } from "../lib/db/queries/datasets";
import { waitForImport } from "../lib/datasets/jobs";
import { createDataset } from "../lib/datasets/service";
import { saveUpload } from "../lib/datasets/uploads";
import { getEmbedder } from "../lib/embeddings/registry";
import { DEMO_EMBEDDER_ID } from "../lib/models/demo/embedder-demo";
import { ensureDemoModels } from "../lib/models/demo/ensure";
import { frequentWords } from "../lib/models/demo/words";
import { seededRandom } from "../lib/models/demo/random";
import { median, percentile, round } from "./lib/stats";

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 100_000);
const GROUPS = 20;
const ROUNDS = 3;
const QUERIES = 300;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-ingest-"));
const modelsDir = path.join(work, "models");
ensureDemoModels(modelsDir, []);
const words = frequentWords(3000);
const rand = seededRandom("bench-ingest");
const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(" ");

function csv(rows: number, tag: string): string {
  const lines = ["asins,reviews.title,reviews.text"];
  for (let i = 0; i < rows; i++) lines.push(`G${i % GROUPS},${sentence(4)} ${tag},${sentence(30)}`);
  return lines.join("\n") + "\n";
}
const texts = (file: string) => file.split("\n").slice(1, -1).map((l) => {
  const [, title, text] = l.split(",");
  return `${title}. ${text}`;
});

async function main() {
  const embedder = await getEmbedder(modelsDir, DEMO_EMBEDDER_ID);
  const database = await openDatabase({ driver: "pglite", dataDir: path.join(work, "data") });
  const ctx = { db: database.db, dataDir: path.join(work, "data"), modelsDir };

  async function importRate(tag: string): Promise<number> {
    const file = csv(IMPORT_ROWS, tag);
    const upload = await saveUpload(ctx.dataDir, Readable.from([Buffer.from(file)]), `${tag}.csv`, Infinity);
    const started = performance.now();
    const { dataset } = await createDataset(ctx, { uploadId: upload.id });
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
    raw.push(await rawRate(`raw${r}`));
    piped.push(await importRate(`imp${r}`));
    console.log(`round ${r + 1}: raw embedding ${raw[r].toFixed(0)} rows/s, import ${piped[r].toFixed(0)} rows/s`);
  }

  console.log(`building a ${SEARCH_ROWS.toLocaleString("en-US")}-row dataset for search latency...`);
  const file = csv(SEARCH_ROWS, "big");
  const upload = await saveUpload(ctx.dataDir, Readable.from([Buffer.from(file)]), "big.csv", Infinity);
  const bigStart = performance.now();
  const { dataset } = await createDataset(ctx, { uploadId: upload.id });
  await waitForImport(dataset.id);
  const big = (await findDataset(ctx.db, dataset.id))!;
  console.log(`imported in ${((performance.now() - bigStart) / 1000).toFixed(0)} s (status ${big.status})`);

  const plan = await queryRows<{ "QUERY PLAN": string }>(ctx.db, sql.raw(
    `EXPLAIN SELECT id FROM documents WHERE dataset_id = '${big.id}' AND group_key = 'G1' ORDER BY (embedding::vector(${big.embeddingDim})) <=> '[${(await embedder.embed(["battery"]))[0].join(",")}]' LIMIT 2`,
  ));
  const usesHnsw = plan.some((r) => r["QUERY PLAN"].includes(`documents_hnsw_${big.id}`));
  console.log(`search plan uses HNSW: ${usesHnsw}`);
  const queries = await embedder.embed(Array.from({ length: QUERIES }, () => sentence(8)));
  const latencies: number[] = [];
  let short = 0;
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    const hits = await nearestInGroup(ctx.db, { datasetId: big.id, dim: big.embeddingDim, metric: big.metric, group: `G${i % GROUPS}`, query: queries[i], k: 2 });
    latencies.push(performance.now() - t);
    if (hits.length < 2) short++;
  }
  await database.close();
  fs.rmSync(work, { recursive: true, force: true });

  const figures = {
    bench: "ingest",
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model, cores: os.cpus().length,
    embedder: DEMO_EMBEDDER_ID,
    importRows: IMPORT_ROWS,
    rawEmbedRowsPerSecond: round(median(raw), 1),
    importRowsPerSecond: round(median(piped), 1),
    importToRawRatio: round(median(piped) / median(raw)),
    importGoalRatio: 0.8,
    searchRows: SEARCH_ROWS, searchGroups: GROUPS, k: 2, queries: QUERIES,
    searchP50Ms: round(percentile(latencies, 50), 2),
    searchP95Ms: round(percentile(latencies, 95), 2),
    searchGoalP95Ms: 20,
    queriesWithFewerThanK: short,
    searchUsesHnsw: usesHnsw,
  };
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
