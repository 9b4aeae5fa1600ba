import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { openDatabase, type Database } from "../client";

/**
 * The ways the product talks to Postgres in tests:
 * - "pglite": in-process PGlite (the embedded default);
 * - "pg": the `pg` driver over the wire protocol to PGlite behind @electric-sql/pglite-socket (no server needed);
 * - "server": the `pg` driver to a real PostgreSQL server with pgvector, when TEST_DATABASE_URL names one
 *   (scripts/test-postgres.sh starts a throwaway one; CI always does). Each test database is created fresh on
 *   that server and dropped afterwards.
 */
export type DriverName = "pglite" | "pg" | "server";

// Test code, not product code: the product reads settings only through lib/env.ts.
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Every driver this machine can test: the real server only when TEST_DATABASE_URL is set. */
export const TEST_DRIVERS: DriverName[] = TEST_DATABASE_URL ? ["pglite", "pg", "server"] : ["pglite", "pg"];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * A fresh, empty database on a server (the TEST_DATABASE_URL one unless told; the benches pass theirs);
 * `drop` removes it (disconnecting anyone left).
 */
export async function createServerDatabase(
  serverUrl = TEST_DATABASE_URL,
  prefix = "lineup_test",
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set: start a server with scripts/test-postgres.sh");
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function openTestDatabase(driver: DriverName): Promise<Database> {
  if (driver === "pglite") return openDatabase({ driver: "pglite", dataDir: null });
  if (driver === "server") {
    const fresh = await createServerDatabase();
    const database = await openDatabase({ driver: "pg", url: fresh.url });
    return {
      ...database,
      close: async () => {
        await database.close();
        await fresh.drop();
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const backend = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db: backend, port, host: "127.0.0.1", maxConnections: 8 });
  await server.start();
  const database = await openDatabase({ driver: "pg", url: `postgres://postgres@127.0.0.1:${port}/postgres` });
  return {
    ...database,
    close: async () => {
      await database.close();
      await server.stop();
      await backend.close();
    },
  };
}
