// bench/embedded-thread: what running the embedded database on its own thread (lib/db/pglite-thread.ts) costs and
// gives, measured side by side in alternating rounds against PGlite called in-process (how Lineup ran it before):
// - the latency of a one-row query and of a filtered top-k vector search (HNSW, 384 dimensions);
// - the longest stall of the server's thread (a 10 ms timer) while an HNSW index is built.
// Ratios are threaded / in-process per round, with bootstrap intervals. The last line is one JSON object.
import os from "node:os";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "../lib/db/client";
import { formatInterval, median, percentile, ratioInterval, round } from "./lib/stats";

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const QUERIES = 50;

async function inProcess(): Promise<{ db: Db; close: () => Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create({ extensions: { vector } });
  await client.exec("create extension if not exists vector");
  return { db: drizzle(client) as unknown as Db, close: () => client.close() };
}

async function threaded(): Promise<{ db: Db; close: () => Promise<void> }> {
  const database = await openDatabase({ driver: "pglite", dataDir: null });
  return { db: database.db, close: database.close };
}

const fill = (table: string) => [
  sql.raw(`create table ${table} (id int, g int, e vector(384))`),
  sql.raw(`
  insert into ${table} select i, i % 20, (select array_agg(sin(i * 0.37 + j * 1.3))::vector(384) from generate_series(1, 384) j)
    from generate_series(1, ${ROWS}) i`),
];
const build = (table: string) => [
  sql`set maintenance_work_mem = '512MB'`,
  sql.raw(`create index on ${table} using hnsw (e vector_cosine_ops)`),
];

async function stallDuring(work: () => Promise<unknown>): Promise<{ stallMs: number; workMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  await work();
  clearInterval(timer);
  // A thread held for the whole statement runs no timer at all: the gap up to now counts too.
  stallMs = Math.max(stallMs, performance.now() - last);
  return { stallMs, workMs: performance.now() - started };
}

async function timed(db: Db, table: string) {
  const point: number[] = [];
  const search: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    let t = performance.now();
    await db.execute(sql`select ${q}::int as one`);
    point.push(performance.now() - t);
    const probe = `[${Array.from({ length: 384 }, (_, j) => Math.cos(q * 0.7 + j)).join(",")}]`;
    t = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local hnsw.iterative_scan = relaxed_order`);
      await tx.execute(sql.raw(`select id from ${table} where g = ${q % 20} order by e <=> '${probe}' limit 4`));
    });
    search.push(performance.now() - t);
  }
  return { pointMs: median(point), searchMs: percentile(search, 95) };
}

const sides = { inProcess: await inProcess(), threaded: await threaded() };
const loadBefore = os.loadavg()[0];
const builds: Record<string, { stallMs: number; workMs: number }> = {};
for (const [name, side] of Object.entries(sides)) {
  for (const statement of fill("bulk")) await side.db.execute(statement);
  const [memory, index] = build("bulk");
  await side.db.execute(memory);
  builds[name] = await stallDuring(() => side.db.execute(index));
  console.log(
    `${name}: index build of ${ROWS} rows took ${Math.round(builds[name].workMs)} ms; the server's thread stalled up to ${Math.round(builds[name].stallMs)} ms`,
  );
}
const rounds: Record<string, { pointMs: number; searchMs: number }[]> = { inProcess: [], threaded: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? (["threaded", "inProcess"] as const) : (["inProcess", "threaded"] as const);
  for (const name of order) rounds[name].push(await timed(sides[name].db, "bulk"));
}
await sides.inProcess.close();
await sides.threaded.close();
const loadAfter = os.loadavg()[0];

const pick = (name: string, key: "pointMs" | "searchMs") => rounds[name].map((x) => x[key]);
const pointRatio = ratioInterval(pick("threaded", "pointMs"), pick("inProcess", "pointMs"));
const searchRatio = ratioInterval(pick("threaded", "searchMs"), pick("inProcess", "searchMs"));
console.log(
  `one-row query, median ms: in-process ${round(median(pick("inProcess", "pointMs")))}, threaded ${round(median(pick("threaded", "pointMs")))}; ratio ${formatInterval(pointRatio)}`,
);
console.log(
  `filtered top-4 search, p95 ms: in-process ${round(median(pick("inProcess", "searchMs")))}, threaded ${round(median(pick("threaded", "searchMs")))}; ratio ${formatInterval(searchRatio)}`,
);
// The bench itself keeps up to two threads busy (the server's and the database's): more than that is someone else.
const busy = Math.max(loadBefore, loadAfter) > os.availableParallelism();
if (busy)
  console.log(
    `warning: the machine was busy while measuring (load average ${round(loadBefore, 2)} → ${round(loadAfter, 2)} on ${os.availableParallelism()} cores)`,
  );
console.log(
  JSON.stringify({
    bench: "embedded-thread",
    rows: ROWS,
    rounds: ROUNDS,
    queriesPerRound: QUERIES,
    indexBuildMs: { inProcess: Math.round(builds.inProcess.workMs), threaded: Math.round(builds.threaded.workMs) },
    serverThreadStallMs: {
      inProcess: Math.round(builds.inProcess.stallMs),
      threaded: Math.round(builds.threaded.stallMs),
    },
    pointQueryMs: {
      inProcess: round(median(pick("inProcess", "pointMs"))),
      threaded: round(median(pick("threaded", "pointMs"))),
      ratio: pointRatio,
    },
    searchP95Ms: {
      inProcess: round(median(pick("inProcess", "searchMs"))),
      threaded: round(median(pick("threaded", "searchMs"))),
      ratio: searchRatio,
    },
    loadAverage1m: [round(loadBefore, 2), round(loadAfter, 2)],
    busy,
  }),
);
