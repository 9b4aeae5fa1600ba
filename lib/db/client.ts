import "server-only";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { AppError, isAppError } from "../errors";
import { startFullDiskWatchdog } from "./full-disk-watchdog";
import { acquireDataDirLock } from "./lock";
import { startPgliteThread, type PgliteThread } from "./pglite-thread";
import { processWide } from "../process-wide";
import * as schema from "./schema";
import type { LoadPath } from "./bulk-load";
import { SESSION_SETTINGS, sessionOptions } from "./session-settings";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  driver: "pglite" | "pg";
  /** Where the data lives, for logs and the run manifest (no password). */
  location: string;
  /** PGlite only: the shared buffers it was opened with. */
  sharedBuffersMb?: number;
  close: () => Promise<void>;
};

export type DatabaseOptions =
  | { driver: "pglite"; dataDir: string | null; sharedBuffersMb?: number } // dataDir null: in memory, for tests
  | { driver: "pg"; url: string };

const MIGRATIONS = path.join(process.cwd(), "drizzle");

/**
 * Postgres's shared buffers inside PGlite. Its default, 128 MB, is touched at start and held for good (about
 * 120 MB of an idle server's memory); the operating system's page cache still holds the data files, so a small
 * pool costs little. PGlite's own start parameters are repeated here because passing any replaces them.
 */
const PGLITE_START = [
  "--single",
  "-F",
  "-O",
  "-j",
  "-c",
  "search_path=public",
  "-c",
  "exit_on_error=false",
  "-c",
  "log_checkpoints=false",
  "-c",
  "max_worker_processes=0",
  "-c",
  "max_parallel_workers=0",
  "-c",
  "max_parallel_workers_per_gather=0",
  "-c",
  "io_method=sync",
  "-c",
  "max_parallel_maintenance_workers=0",
];
const pgliteStartParams = (sharedBuffersMb: number) => [
  ...PGLITE_START,
  "-c",
  `shared_buffers=${sharedBuffersMb}MB`,
  ...SESSION_SETTINGS.flatMap(([k, v]) => ["-c", `${k}=${v}`]),
];

// These three are process-wide, not module-level: the database object is shared by every route bundle through
// processWide("database"), but each bundle has its own copy of this module, so a module-level WeakMap filled by the
// bundle that opened the database was empty in the others. In the running app that made PGlite look like a server
// to the import route: no ceiling check, no free-space check, row inserts instead of COPY (issue 25).
/** The data directory of each embedded database, for free-space checks before it grows. */
const embeddedDirs = processWide("db.embeddedDirs", () => new WeakMap<object, string>());
/** How each database takes a bulk load (lib/db/bulk-load.ts), and the embedded database's thread for it. */
const loadPaths = processWide("db.loadPaths", () => new WeakMap<object, { path: LoadPath; thread?: PgliteThread }>());
/** The embedded databases (PGlite), for limits that only they have (lib/datasets/capacity.ts). */
const embedded = processWide("db.embedded", () => new WeakSet<object>());

/** Shared buffers of an embedded database with no search index of some size: small, for the idle-memory goal. */
export const PGLITE_MIN_SHARED_BUFFERS_MB = 16;
/** At most this much: an HNSW build may take 1 GiB (lib/datasets/capacity.ts) of PGlite's 2 GiB. */
export const PGLITE_MAX_SHARED_BUFFERS_MB = 384;

/**
 * Shared buffers that hold the search indexes stored: a filtered top-k reads a few hundred index pages, and with
 * 16 MB against a 100,000-row index (195 MB at 384 dimensions) most of them came through the file system each
 * time (README, bench:scale). An empty or small database keeps 16 MB, so an idle server stays small.
 */
export function pgliteBuffersFor(indexBytes: number): number {
  const wanted = Math.ceil((indexBytes * 1.1) / 2 ** 20) + PGLITE_MIN_SHARED_BUFFERS_MB;
  return Math.min(PGLITE_MAX_SHARED_BUFFERS_MB, Math.max(PGLITE_MIN_SHARED_BUFFERS_MB, wanted));
}

async function storedIndexBytes(pool: import("pg").Pool): Promise<number> {
  const { rows } = (await pool.query(
    `SELECT coalesce(sum(pg_relation_size(oid)), 0)::bigint AS bytes FROM pg_class WHERE relkind = 'i' AND relname LIKE 'documents\\_hnsw\\_%'`,
  )) as { rows: { bytes: string }[] };
  return Number(rows[0]?.bytes ?? 0);
}

/**
 * Opens PGlite on its thread. Without `sharedBuffersMb` (LINEUP_PG_SHARED_BUFFERS_MB unset), its buffers are sized
 * for the search indexes it holds: opened with the minimum, then, if the indexes want more, opened again with that
 * (a reopen costs about 1.5 s, once per start, only for databases with large datasets).
 */
async function openPglite(dataDir: string | null, sharedBuffersMb?: number): Promise<Database> {
  const opened = await openPgliteWith(dataDir, sharedBuffersMb ?? PGLITE_MIN_SHARED_BUFFERS_MB);
  if (sharedBuffersMb !== undefined || !dataDir) return opened;
  const wanted = pgliteBuffersFor(await storedIndexBytes(poolOf(opened.db)));
  if (wanted <= PGLITE_MIN_SHARED_BUFFERS_MB) return opened;
  await opened.close();
  return openPgliteWith(dataDir, wanted);
}

async function openPgliteWith(dataDir: string | null, sharedBuffersMb: number): Promise<Database> {
  const lock = dataDir ? acquireDataDirLock(dataDir) : () => {};
  let thread: PgliteThread | undefined;
  let watchdog = () => {};
  let pool: import("pg").Pool | undefined;
  const release = async () => {
    watchdog();
    // pool.end() waits for a statement in flight; the thread's close ends it after a grace period.
    const ended = pool?.end().catch(() => {});
    await thread?.close();
    await ended;
    lock();
  };
  try {
    const pgDir = dataDir ? path.join(dataDir, "pg") : null;
    thread = await startPgliteThread(pgDir, pgliteStartParams(sharedBuffersMb));
    if (pgDir) watchdog = startFullDiskWatchdog(pgDir, thread.beat);
    const { ResilientPool } = await import("./pg-pool");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // One connection: the socket server interleaves the protocol messages of concurrent connections one by one
    // onto PGlite's single session, so one query's Bind could meet another's Parse (seen under load: "bind message
    // supplies 1 parameters, but prepared statement requires 16", and a dataset read as missing). PGlite runs one
    // statement at a time anyway; pg queues the rest on this connection.
    pool = new ResilientPool({ ...thread.connection, max: 1 });
    const db = drizzle(pool, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS });
    if (pgDir) embeddedDirs.set(db, pgDir);
    loadPaths.set(db, { path: "copy-file", thread });
    embedded.add(db);
    return {
      db: db as unknown as Db,
      driver: "pglite",
      location: dataDir ?? "memory",
      sharedBuffersMb,
      close: release,
    };
  } catch (err) {
    await release();
    throw err;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparsable url)";
  }
}

async function openPostgres(url: string): Promise<Database> {
  const { ResilientPool } = await import("./pg-pool");
  const { acquireServerLock } = await import("./server-lock");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new ResilientPool({ connectionString: url, max: 8, options: sessionOptions() });
  let lock: Awaited<ReturnType<typeof acquireServerLock>> | undefined;
  try {
    await pool.query("select 1");
    // Before migrating: two servers starting together must not both migrate, and the second must learn why it stops.
    lock = await acquireServerLock(url, redact(url));
  } catch (err) {
    await pool.end();
    if (isAppError(err)) throw err;
    throw new AppError(
      "unavailable",
      `Cannot reach the Postgres at ${redact(url)}: ${(err as Error).message}. Start it (docker compose up -d) or unset DATABASE_URL to use the embedded database.`,
      { cause: err },
    );
  }
  const db = drizzle(pool, { schema });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } catch (err) {
    await pool.end();
    await lock.release();
    const message = (err as Error).message ?? "";
    const hint = /extension "vector"/.test(message)
      ? "This Postgres has no pgvector extension: use the pgvector/pgvector image from docker-compose.yaml."
      : "See the server log for the failing statement.";
    throw new AppError("unavailable", `Could not migrate the database at ${redact(url)}. ${hint}`, { cause: err });
  }
  // PGlite behind its socket server (tests) speaks the protocol but cannot take COPY FROM STDIN.
  const { rows } = (await pool.query("select version()")) as { rows: { version: string }[] };
  const wasm = /PGlite|emscripten/i.test(rows[0]?.version ?? "");
  loadPaths.set(db, { path: wasm ? "insert" : "copy-stdin" });
  if (wasm) {
    embedded.add(db);
    // PGlite behind a socket ignores startup options, and all its connections share its one session.
    for (const [k, v] of SESSION_SETTINGS) await pool.query(`SET ${k} = ${v}`);
  }
  const held = lock;
  return {
    db: db as unknown as Db,
    driver: "pg",
    location: redact(url),
    close: async () => {
      await pool.end();
      await held.release();
    },
  };
}

export function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.driver === "pg" ? openPostgres(options.url) : openPglite(options.dataDir, options.sharedBuffersMb);
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}

/**
 * The directory the embedded database (PGlite) writes to, so its free space can be checked before it grows;
 * null for an in-memory PGlite or a PostgreSQL server (whose disk is the server's own business).
 */
export function embeddedDataDir(db: Db): string | null {
  return embeddedDirs.get(db) ?? null;
}

/** True for PGlite (32-bit WebAssembly, with a memory ceiling a PostgreSQL server does not have). */
export function isEmbedded(db: Db): boolean {
  return embedded.has(db);
}

/** How this database takes a bulk load. */
export function loadPathOf(db: Db): { path: LoadPath; thread?: PgliteThread } {
  return loadPaths.get(db) ?? { path: "insert" };
}

/** The `pg` pool under a database (both drivers are node-postgres underneath). */
export function poolOf(db: Db): import("pg").Pool {
  return (db as unknown as { $client: import("pg").Pool }).$client;
}

/**
 * A transaction on one pooled connection, with both the raw client (COPY needs it) and drizzle over it. Rolled
 * back on any error.
 */
export async function withClientTransaction<T>(
  db: Db,
  work: (client: import("pg").PoolClient, tx: Db) => Promise<T>,
): Promise<T> {
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const client = await poolOf(db).connect();
  try {
    await client.query("BEGIN");
    const result = await work(client, drizzle(client, { schema }) as unknown as Db);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
