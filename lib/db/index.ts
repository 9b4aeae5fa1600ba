import "server-only";
import { env } from "../env";
import { openDatabase, type Database } from "./client";

// One database per process, kept on globalThis so dev reloads and route bundles share it.
const holder = globalThis as typeof globalThis & { __lineupDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  if (!holder.__lineupDb) {
    const { databaseUrl, dataDir, pgSharedBuffersMb } = env();
    holder.__lineupDb = openDatabase(
      databaseUrl ? { driver: "pg", url: databaseUrl } : { driver: "pglite", dataDir, sharedBuffersMb: pgSharedBuffersMb },
    );
    // A failed open must not stay cached: the next request tries again and reports the reason.
    holder.__lineupDb.catch(() => {
      holder.__lineupDb = undefined;
    });
  }
  return holder.__lineupDb;
}

export async function getDb() {
  return (await getDatabase()).db;
}

export type { Database, Db } from "./client";
