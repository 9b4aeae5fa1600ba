import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "./client";

// Issue 19: building the search index of 52,000 rows held the server's thread for 40-60 s (no request answered,
// health timed out, SIGTERM waited). The embedded database now runs on a thread of its own.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The longest the server's thread went without running a 10 ms timer while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<{ stallMs: number; workMs: number }> {
  let last = Date.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  const started = Date.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  // A thread held for the whole statement runs no timer at all: the gap up to now counts too.
  stallMs = Math.max(stallMs, Date.now() - last);
  return { stallMs, workMs: Date.now() - started };
}

const VECTORS = 20_000;
const fill = sql.raw(`
  create table bulk (id int, e vector(64));
  insert into bulk select i, (select array_agg(sin(i * 0.37 + j * 1.3))::vector(64) from generate_series(1, 64) j)
    from generate_series(1, ${VECTORS}) i;`);
const build = sql`create index on bulk using hnsw (e vector_cosine_ops)`;

describe("the embedded database on its own thread", () => {
  it("leaves the server's thread free while it builds a search index", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-thread-"));
    dirs.push(dataDir);
    const database = await openDatabase({ driver: "pglite", dataDir });
    try {
      await database.db.execute(fill);
      const { stallMs, workMs } = await longestStall(() => database.db.execute(build));
      // The build must be long enough to show anything: on the server's thread it stalled it for all of workMs.
      expect(workMs).toBeGreaterThan(1000);
      expect(stallMs).toBeLessThan(Math.min(500, workMs / 2));
      const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from bulk`);
      expect(n).toBe(VECTORS);
    } finally {
      await database.close();
    }
  }, 180_000);

  it("closes within seconds in the middle of a long statement, and keeps what was committed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-thread-"));
    dirs.push(dataDir);
    const database = await openDatabase({ driver: "pglite", dataDir });
    await database.db.execute(fill);
    // A statement of minutes: the close cannot wait for it.
    const endless = database.db
      .execute(sql`select count(*) from generate_series(1, 2000000000)`)
      .catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await database.close();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await endless).toBeInstanceOf(Error);
    const reopened = await openDatabase({ driver: "pglite", dataDir });
    try {
      const [{ n }] = await queryRows<{ n: number }>(reopened.db, sql`select count(*)::int as n from bulk`);
      expect(n).toBe(VECTORS);
    } finally {
      await reopened.close();
    }
  }, 180_000);
});

describe("many queries at once on the embedded database", () => {
  it("gives every query its own statement and parameters, also beside queries that fail", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-thread-"));
    dirs.push(dataDir);
    const database = await openDatabase({ driver: "pglite", dataDir });
    try {
      await database.db.execute(sql`create table notes (id int primary key, body text)`);
      // Writes in transactions beside the reads, as an import writes its batches while pages poll.
      const writer = (async () => {
        for (let b = 0; b < 40; b++) {
          await database.db.transaction(async (tx) => {
            for (let j = 0; j < 5; j++)
              await tx.execute(sql`insert into notes values (${b * 5 + j}, ${"x".repeat(2000)})`);
          });
        }
      })();
      // Statements with different parameter counts, and some that fail, all in flight together, as a busy server
      // sends them. Through several connections the socket server interleaved their protocol messages on PGlite's
      // one session: after a failure, other queries' Bind met the wrong statement, or none.
      const shapes = [
        (i: number) => sql`select ${i}::int as a`,
        (i: number) => sql`select ${i}::int + ${1}::int + ${2}::int as a`,
        (i: number) => sql`select ${i}::int / ${0}::int as a`,
        (i: number) => sql`select ${i}::int + ${1}::int + ${2}::int + ${3}::int + ${4}::int + ${5}::int as a`,
      ];
      const expected = (i: number) => [i, i + 3, "division by zero", i + 15][i % 4];
      const results = await Promise.allSettled(
        Array.from({ length: 400 }, (_, i) =>
          queryRows<{ a: number }>(database.db, shapes[i % 4](i)).then((rows) => rows[0].a),
        ),
      );
      await writer;
      const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from notes`);
      expect(n).toBe(200);
      const got = results.map((r) =>
        r.status === "fulfilled"
          ? r.value
          : /division by zero/.test(String((r.reason as Error).cause ?? r.reason))
            ? "division by zero"
            : String(r.reason).slice(0, 160),
      );
      const wrong = got
        .map((g, i) => (g === expected(i) ? null : { i, expected: expected(i), got: g }))
        .filter(Boolean);
      expect(wrong.slice(0, 5)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
