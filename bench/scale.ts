// bench/scale (issue 25): synthetic reviews with precomputed vectors, stored the way an import stores them
// (lib/datasets/import-job.ts `write`: COPY binary into a staging table, batches of WRITE_BATCH rows, counters in
// the same transaction), then the HNSW index built once (lib/datasets/index-build.ts, with its progress), then
// filtered top-k through the product's own search (nearestInGroup), with recall against exact search in full
// precision computed here from the same vectors. On PGlite (as the server opens it: its own thread, default
// settings) and on a PostgreSQL server when BENCH_DATABASE_URL or TEST_DATABASE_URL names one.
//
//   BENCH_SCALE_ROWS=100000,1000000  sizes, each a fresh dataset (default 100000)
//   BENCH_SCALE_DIM=384  BENCH_SCALE_GROUPS=20  BENCH_SCALE_QUERIES=200
//   BENCH_SCALE_DBS=pglite,postgres  which databases (default: both where there is a server)
//   BENCH_SCALE_COMPARE=1  also a full-precision (vector) HNSW index of the same rows, for halfvec's recall cost
//
// Vectors are clustered, like real embeddings (64 topics shared by all groups, each row its topic's centre moved
// along 16 directions of its own, plus a little noise, normalised); queries are drawn the same way. The last line of output is one JSON object.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createServerDatabase } from "../lib/db/testing/drivers";
import { openDatabase, poolOf, queryRows, type Database } from "../lib/db/client";
import { analyzeDocuments, nearestInGroup, type NewDocument } from "../lib/db/queries/documents";
import { insertDataset } from "../lib/db/queries/datasets";
import { WRITE_BATCH, write } from "../lib/datasets/import-job";
import { buildVectorIndex } from "../lib/datasets/index-build";
import { bootstrap } from "../lib/metrics/bootstrap";
import { mulberry32 } from "../lib/random";
import { duplicateKey } from "../lib/retrieval/duplicates";
import { isContended } from "../lib/system/load-types";
import { startLoadSampler } from "../lib/system/load";
import { percentile, round } from "./lib/stats";

const SIZES = (process.env.BENCH_SCALE_ROWS ?? "100000").split(",").map(Number);
const DIM = Number(process.env.BENCH_SCALE_DIM ?? 384);
const GROUPS = Number(process.env.BENCH_SCALE_GROUPS ?? 20);
const QUERIES = Number(process.env.BENCH_SCALE_QUERIES ?? 200);
const KS = [2, 10];
const TOPICS = 64;
const COMPARE = process.env.BENCH_SCALE_COMPARE === "1";
const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "";
/** PGlite only: search again after reopening the database with each of these shared buffers (MB), as a restart would. */
const REOPEN_BUFFERS = (process.env.BENCH_SCALE_BUFFERS ?? "")
  .split(",")
  .filter(Boolean)
  .map((v) => (v === "auto" ? "auto" : Number(v)));
const DBS = (process.env.BENCH_SCALE_DBS ?? (SERVER_URL ? "pglite,postgres" : "pglite")).split(",");

const WORDS =
  "battery screen lasts great poor cheap sturdy love hate works fine broke after weeks returned quality sound charger cable case lid strap zipper fits light heavy small bright dim loud quiet fast slow warm cold leaks solid flimsy comfortable price value gift easy hard setup app".split(
    " ",
  );

const rngFor = (seed: number) => mulberry32(seed * 2654435761);
const centres = Array.from({ length: TOPICS }, (_, t) => {
  const r = rngFor(1_000_000 + t);
  return Float32Array.from({ length: DIM }, () => r() - 0.5);
});
/** Each topic's own directions of variation: real embeddings vary along few directions, not all of them. */
const SPREAD = 16;
const bases = Array.from({ length: TOPICS }, (_, t) => {
  const r = rngFor(2_000_000 + t);
  return Array.from({ length: SPREAD }, () => Float32Array.from({ length: DIM }, () => r() - 0.5));
});

/** Row i's vector, the same on every call (the exact search regenerates them). */
function rowVector(i: number, into = new Float32Array(DIM)): Float32Array {
  const r = rngFor(i + 1);
  const t = Math.floor(r() * TOPICS);
  into.set(centres[t]);
  for (const b of bases[t]) {
    const a = 0.6 * (r() - 0.5);
    for (let d = 0; d < DIM; d++) into[d] += a * b[d];
  }
  let norm = 0;
  for (let d = 0; d < DIM; d++) {
    into[d] += 0.02 * (r() - 0.5);
    norm += into[d] * into[d];
  }
  norm = Math.sqrt(norm);
  for (let d = 0; d < DIM; d++) into[d] /= norm;
  return into;
}
function rowText(i: number): string {
  const r = rngFor(i + 7_000_000);
  return Array.from({ length: 32 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(" ") + ` #${i}`;
}
const groupOf = (i: number) => `G${i % GROUPS}`;
function queryVector(q: number): Float32Array {
  return rowVector(50_000_000 + q);
}

const interval = (samples: number[], p: number) => {
  const iv = bootstrap(samples, (xs) => percentile(xs, p), 1000, `scale-p${p}`);
  return iv ? { value: round(iv.value, 2), low: round(iv.lo, 2), high: round(iv.hi, 2), n: iv.n } : null;
};
const meanInterval = (samples: number[]) => {
  const iv = bootstrap(samples, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length, 1000, "scale-recall");
  return iv ? { value: round(iv.value, 4), low: round(iv.lo, 4), high: round(iv.hi, 4), n: iv.n } : null;
};

/** Exact top-k (cosine, full precision) of every query, by source row, recomputed from the generators. */
function exactTopK(rows: number, k: number): Map<number, number[]> {
  const byGroup = new Map<number, number[]>();
  for (let q = 0; q < QUERIES; q++) byGroup.set(q % GROUPS, [...(byGroup.get(q % GROUPS) ?? []), q]);
  const best = new Map<number, { row: number; sim: number }[]>();
  const v = new Float32Array(DIM);
  const qs = Array.from({ length: QUERIES }, (_, q) => queryVector(q));
  for (let i = 0; i < rows; i++) {
    rowVector(i, v);
    for (const q of byGroup.get(i % GROUPS) ?? []) {
      let sim = 0;
      const qv = qs[q];
      for (let d = 0; d < DIM; d++) sim += qv[d] * v[d];
      const list = best.get(q) ?? [];
      if (list.length < k || sim > list[list.length - 1].sim) {
        list.push({ row: i + 1, sim });
        list.sort((a, b) => b.sim - a.sim);
        if (list.length > k) list.pop();
        best.set(q, list);
      }
    }
  }
  return new Map([...best].map(([q, list]) => [q, list.map((x) => x.row)]));
}

/** Per-query recall of the last searchFigures call, by k: paired with the full-precision index's. */
const lastRecalls = new Map<number, number[]>();

async function searchFigures(database: Database, datasetId: string, rows: number, exact: Map<number, number[]>[]) {
  const out: Record<string, unknown> = {};
  for (const [ki, k] of KS.entries()) {
    const latencies: number[] = [];
    const recalls: number[] = [];
    let short = 0;
    for (let q = -20; q < QUERIES; q++) {
      const query = [...queryVector(q < 0 ? 9_000 - q : q)];
      const t = performance.now();
      const hits = await nearestInGroup(database.db, {
        datasetId,
        dim: DIM,
        metric: "cosine",
        group: groupOf(q < 0 ? -q : q),
        query,
        k,
      });
      const ms = performance.now() - t;
      if (q < 0) continue; // warm-up
      latencies.push(ms);
      if (hits.length < k) short++;
      const truth = new Set(exact[ki].get(q));
      recalls.push(hits.filter((h) => truth.has(h.sourceRow)).length / k);
    }
    lastRecalls.set(k, recalls);
    out[`k${k}`] = {
      p50Ms: interval(latencies, 50),
      p95Ms: interval(latencies, 95),
      recall: meanInterval(recalls),
      queriesShortOfK: short,
    };
    console.log(
      `  k=${k}: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms (n=${latencies.length}), recall@${k} ${(recalls.reduce((a, b) => a + b, 0) / recalls.length).toFixed(4)}, short of k: ${short}`,
    );
  }
  return out;
}

/** The same rows in full precision (vector), with their own HNSW index, for halfvec's recall cost. */
async function fullPrecisionRecall(database: Database, rows: number, exact: Map<number, number[]>[]) {
  const pool = poolOf(database.db);
  await pool.query(`DROP TABLE IF EXISTS bench_full`);
  await pool.query(`CREATE TABLE bench_full (source_row integer, group_key text, embedding vector(${DIM}))`);
  for (let i = 0; i < rows; i += 2000) {
    const n = Math.min(2000, rows - i);
    const ids = Array.from({ length: n }, (_, j) => i + j);
    await pool.query(`INSERT INTO bench_full SELECT * FROM unnest($1::int[], $2::text[], $3::text[]::vector[])`, [
      ids.map((x) => x + 1),
      ids.map(groupOf),
      ids.map((x) => `[${rowVector(x).join(",")}]`),
    ]);
  }
  const t = performance.now();
  await pool.query(`SET maintenance_work_mem = '512MB'`);
  await pool.query(`CREATE INDEX bench_full_hnsw ON bench_full USING hnsw (embedding vector_cosine_ops)`);
  const buildSeconds = (performance.now() - t) / 1000;
  await pool.query(`ANALYZE bench_full`);
  const client = await pool.connect();
  const out: Record<string, unknown> = { buildSeconds: round(buildSeconds, 1) };
  try {
    await client.query(`SET hnsw.iterative_scan = relaxed_order`);
    for (const [ki, k] of KS.entries()) {
      const recalls: number[] = [];
      for (let q = 0; q < QUERIES; q++) {
        const { rows: hits } = await client.query(
          `SELECT source_row FROM bench_full WHERE group_key = $1 ORDER BY embedding <=> $2::vector LIMIT ${k}`,
          [groupOf(q), `[${[...queryVector(q)].join(",")}]`],
        );
        const truth = new Set(exact[ki].get(q));
        recalls.push(hits.filter((h: { source_row: number }) => truth.has(h.source_row)).length / k);
      }
      // Same queries, same truth: the paired difference is what half precision costs (plus two builds' chance).
      const half = lastRecalls.get(k) ?? [];
      const diff = half.map((h, i) => h - recalls[i]);
      out[`k${k}`] = { recall: meanInterval(recalls), halfMinusFull: meanInterval(diff) };
    }
  } finally {
    client.release();
    await pool.query(`DROP TABLE bench_full`);
  }
  return out;
}

async function measure(
  label: string,
  database: Database,
  rows: number,
  reopen?: (sharedBuffersMb: number | "auto") => Promise<Database>,
) {
  const datasetId = `ds_scale_${label}_${rows}`;
  await insertDataset(database.db, {
    id: datasetId,
    name: datasetId,
    sourceFile: "synthetic",
    fileSha256: datasetId,
    fileBytes: 0,
    mapping: { text: ["text"], group: "group", labels: [] },
    embedder: "synthetic",
    embeddingDim: DIM,
    metric: "cosine",
    dedupe: true,
    status: "importing",
  });
  const sampler = startLoadSampler();
  let storeMs = 0;
  for (let i = 0; i < rows; i += WRITE_BATCH) {
    const docs: NewDocument[] = [];
    for (let j = i; j < Math.min(rows, i + WRITE_BATCH); j++) {
      const text = rowText(j);
      docs.push({
        groupKey: groupOf(j),
        sourceRow: j + 1,
        text,
        metadata: { stars: String(1 + (j % 5)) },
        embedding: rowVector(j) as unknown as number[],
        textHash: duplicateKey(text),
      });
    }
    const t = performance.now();
    await write(
      database.db,
      { id: datasetId, dedupe: true },
      { docs, repeats: [], merged: 0, skipped: 0, rows: docs.length, cleaned: 0 },
      null,
    );
    storeMs += performance.now() - t;
    if ((i / WRITE_BATCH) % 200 === 0) process.stdout.write(`\r  stored ${i + docs.length} rows`);
  }
  const loadPhase = sampler.stop();
  const rowsPerSecond = rows / (storeMs / 1000);
  console.log(`\r  [${label} ${rows}] stored ${rows} rows: ${rowsPerSecond.toFixed(0)} rows/s (database side)`);

  const indexSampler = startLoadSampler();
  const reports: number[] = [];
  let estimated = false;
  const { seconds: buildSeconds } = await buildVectorIndex(
    database.db,
    { id: datasetId, rowsDone: rows, embeddingDim: DIM, metric: "cosine" },
    (p) => {
      reports.push(round(p.percent, 1));
      estimated ||= p.estimated;
    },
  );
  await analyzeDocuments(database.db);
  const indexPhase = indexSampler.stop();
  const [sizes] = await queryRows<{ index_mb: number; table_mb: number }>(
    database.db,
    sql.raw(
      `SELECT pg_relation_size('documents_hnsw_${datasetId}') / 1048576.0 AS index_mb, pg_total_relation_size('documents') / 1048576.0 AS table_mb`,
    ),
  );
  console.log(
    `  index built in ${buildSeconds.toFixed(1)} s (${round(Number(sizes.index_mb), 1)} MB); progress reports: ${reports.length} (${estimated ? "estimated from time" : "measured"}), e.g. ${reports.filter((_, i) => i % Math.max(1, Math.floor(reports.length / 6)) === 0).join("%, ")}%`,
  );

  const deepest = exactTopK(rows, Math.max(...KS));
  const exact = KS.map((k) => new Map([...deepest].map(([q, list]) => [q, list.slice(0, k)])));
  const searchSampler = startLoadSampler();
  const search = await searchFigures(database, datasetId, rows, exact);
  const searchPhase = searchSampler.stop();
  const halfRecalls = new Map(lastRecalls);
  lastRecalls.clear();
  for (const [k, v] of halfRecalls) lastRecalls.set(k, v);
  const fullPrecision = COMPARE ? await fullPrecisionRecall(database, rows, exact) : undefined;
  const reopened: Record<string, unknown> = {};
  if (reopen) {
    await database.close();
    for (const [pass, mb] of REOPEN_BUFFERS.entries()) {
      const again = await reopen(mb);
      console.log(
        `  reopened with shared_buffers ${mb === "auto" ? `sized for its indexes: ${again.sharedBuffersMb}` : mb} MB:`,
      );
      try {
        const key = mb === "auto" ? `sharedBuffersAuto${again.sharedBuffersMb}Mb` : `sharedBuffers${mb}Mb`;
        reopened[`${pass + 1}:${key}`] = await searchFigures(again, datasetId, rows, exact);
      } finally {
        await again.close();
      }
    }
  }
  if (fullPrecision) console.log(`  full precision (vector) index: ${JSON.stringify(fullPrecision)}`);
  const loads = [loadPhase, indexPhase, searchPhase];
  return {
    rows,
    dim: DIM,
    groups: GROUPS,
    writeBatch: WRITE_BATCH,
    dbRowsPerSecond: round(rowsPerSecond, 0),
    indexBuildSeconds: round(buildSeconds, 1),
    indexMb: round(Number(sizes.index_mb), 1),
    documentsTableMb: round(Number(sizes.table_mb), 1),
    indexProgress: { reports: reports.length, estimated },
    search,
    ...(fullPrecision ? { fullPrecision } : {}),
    ...(reopen ? { reopened } : {}),
    load: { store: loadPhase, index: indexPhase, search: searchPhase },
    busy: loads.some(isContended),
  };
}

async function main() {
  const results: Record<string, unknown[]> = {};
  const peakRssMb: Record<string, number> = {};
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-scale-"));
  for (const label of DBS) {
    results[label] = [];
    for (const rows of SIZES) {
      console.log(`[${label}] ${rows.toLocaleString("en-US")} rows × ${DIM} dims, ${GROUPS} groups`);
      let database: Database;
      let drop = async () => {};
      if (label === "postgres") {
        if (!SERVER_URL) {
          console.log("no BENCH_DATABASE_URL / TEST_DATABASE_URL: PostgreSQL not measured (scripts/test-postgres.sh)");
          break;
        }
        const fresh = await createServerDatabase(SERVER_URL, "lineup_bench_scale");
        drop = fresh.drop;
        database = await openDatabase({ driver: "pg", url: fresh.url });
      } else {
        database = await openDatabase({ driver: "pglite", dataDir: path.join(work, `pglite-${rows}`) });
      }
      const dataDir = path.join(work, `pglite-${rows}`);
      const reopen =
        label === "pglite" && REOPEN_BUFFERS.length
          ? (mb: number | "auto") =>
              openDatabase({ driver: "pglite", dataDir, sharedBuffersMb: mb === "auto" ? undefined : mb })
          : undefined;
      try {
        results[label].push(await measure(label, database, rows, reopen));
      } catch (err) {
        console.log(`  [${label} ${rows}] failed: ${(err as Error).message}`);
        results[label].push({ rows, failed: (err as Error).message });
      } finally {
        if (!reopen) await database.close();
        await drop();
        fs.rmSync(path.join(work, `pglite-${rows}`), { recursive: true, force: true });
      }
      // Peak resident memory of this process so far (PGlite runs inside it; a server's memory is its own).
      peakRssMb[`${label}-${rows}`] = round(process.resourceUsage().maxRSS / 1024, 0);
      console.log(`  peak RSS of this process so far: ${peakRssMb[`${label}-${rows}`]} MB`);
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  const busy = Object.values(results).some((list) => list.some((r) => (r as { busy?: boolean }).busy));
  if (busy)
    console.log(
      "WARNING: the machine was busy while measuring (other programs used more than half a core): times are slower than this machine can do.",
    );
  console.log(
    JSON.stringify({
      bench: "scale",
      date: new Date().toISOString(),
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      loadAverage1m: round(os.loadavg()[0], 2),
      sizes: SIZES,
      dim: DIM,
      groups: GROUPS,
      queries: QUERIES,
      ks: KS,
      vectorType: "halfvec",
      results,
      peakRssMb,
      busy,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
