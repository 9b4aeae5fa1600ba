import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type Database } from "./client";
import { insertRun, findRun } from "./queries/runs";
import { createServerDatabase, TEST_DATABASE_URL } from "./testing/drivers";
import { storedSettings } from "../runs/testing/settings";

// What only a real PostgreSQL server shows: several sessions, other clients, connections that drop.

describe("the Postgres server suite", () => {
  it("runs in CI (where .ci/run starts a server and sets TEST_DATABASE_URL)", () => {
    if (process.env.CI && !TEST_DATABASE_URL) {
      throw new Error(
        "CI must run the database tests on a real server too: run them through scripts/test-postgres.sh run ...",
      );
    }
    if (!TEST_DATABASE_URL)
      console.warn(
        "TEST_DATABASE_URL is not set: the real-server tests are skipped (scripts/test-postgres.sh run npm test runs them)",
      );
  });
});

// Skipped only without a server (a plain `npm test` on a fresh clone); CI always has one, and the test above fails there without it.
describe.skipIf(!TEST_DATABASE_URL)("two Lineup servers on one PostgreSQL database", () => {
  let fresh: Awaited<ReturnType<typeof createServerDatabase>>;
  let first: Database;

  beforeAll(async () => {
    fresh = await createServerDatabase();
    first = await openDatabase({ driver: "pg", url: fresh.url });
  });
  afterAll(async () => {
    await first?.close();
    await fresh?.drop();
  });

  it("refuses the second server with a message naming the first, and admits it once the first has stopped", async () => {
    await expect(openDatabase({ driver: "pg", url: fresh.url })).rejects.toThrow(
      new RegExp(`in use by another Lineup server \\(lineup pid ${process.pid} on .+\\)\\. One server per database`),
    );
    await first.close();
    const second = await openDatabase({ driver: "pg", url: fresh.url });
    await second.close();
    first = await openDatabase({ driver: "pg", url: fresh.url });
  });

  it("keeps answering when the server drops every connection, and still holds the database afterwards", async () => {
    const admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    const kill = () =>
      admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      );
    let writes = 0;
    const writer = (async () => {
      for (let i = 0; i < 60; i++) {
        await insertRun(first.db, { id: `drop-${i}`, status: "completed", settings: storedSettings({ k: 2 }) });
        writes++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // Between a kill and the writer's retry (100-2000 ms later) the database can have no session to kill, so each
    // round waits until one is back: three drops, each while the writer is working.
    const killWhenConnected = async () => {
      for (let tries = 0; tries < 100; tries++) {
        const { rowCount } = await kill();
        if ((rowCount ?? 0) > 0) return rowCount;
        await new Promise((r) => setTimeout(r, 50));
      }
      return 0;
    };
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 120));
        expect(await killWhenConnected()).toBeGreaterThan(0);
      }
    } finally {
      await writer.catch(() => {});
    }
    await writer;
    expect(writes).toBe(60);
    // A statement in flight when its connection is killed is run again on a new connection.
    const slow = queryRows<{ one: number }>(first.db, sql`select pg_sleep(0.4), 1 as one`);
    await new Promise((r) => setTimeout(r, 150));
    await kill();
    expect((await slow)[0].one).toBe(1);
    const [{ n }] = await queryRows<{ n: number }>(
      first.db,
      sql`select count(*)::int as n from runs where id like 'drop-%'`,
    );
    expect(n).toBe(60);
    expect((await findRun(first.db, "drop-59"))?.status).toBe("completed");
    // The lock's own connection was dropped too; it is taken again (within seconds on a busy machine), so a
    // second server is still refused.
    const held = async () =>
      (
        await admin.query(
          "select 1 from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())",
        )
      ).rowCount;
    for (let i = 0; i < 100 && !(await held()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await held()).toBe(1);
    await expect(openDatabase({ driver: "pg", url: fresh.url })).rejects.toThrow(/in use by another Lineup server/);
    await admin.end();
  });

  it("fails only the transaction whose connection the server drops between its statements, and keeps serving", async () => {
    const admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    try {
      // The transaction's own backend, killed while it holds its connection but is not running a statement: the
      // moment when pg has nobody to hand the error to (this was an uncaught exception that ended the process).
      const doomed = first.db.transaction(async (tx) => {
        const [{ pid }] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
        await admin.query("select pg_terminate_backend($1)", [pid]);
        await new Promise((r) => setTimeout(r, 300));
        await insertRun(tx, { id: "lost-in-transaction", status: "completed", settings: storedSettings({ k: 2 }) });
      });
      await expect(doomed).rejects.toThrow();
      expect(await findRun(first.db, "lost-in-transaction")).toBeFalsy();
      await insertRun(first.db, { id: "after-the-drop", status: "completed", settings: storedSettings({ k: 2 }) });
      expect((await findRun(first.db, "after-the-drop"))?.status).toBe("completed");
    } finally {
      await admin.end();
    }
  });
});
