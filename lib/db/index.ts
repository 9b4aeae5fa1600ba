import "server-only";
import { env } from "../env";
import { processWide } from "../process-wide";
import { openDatabase, type Database } from "./client";

// One database per process, held process-wide so dev reloads and route bundles share it.
const holder = processWide("database", (): { database?: Promise<Database> } => ({}));

export function getDatabase(): Promise<Database> {
  if (!holder.database) {
    const { databaseUrl, dataDir, pgSharedBuffersMb } = env();
    holder.database = openDatabase(
      databaseUrl
        ? { driver: "pg", url: databaseUrl }
        : { driver: "pglite", dataDir, sharedBuffersMb: pgSharedBuffersMb },
    );
    // A failed open must not stay cached: the next request tries again and reports the reason.
    holder.database.catch(() => {
      holder.database = undefined;
    });
  }
  return holder.database;
}

export async function getDb() {
  return (await getDatabase()).db;
}

export type { Database, Db } from "./client";
