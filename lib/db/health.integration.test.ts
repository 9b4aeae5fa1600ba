import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { databaseHealth } from "./health";

// CI saw /api/health take 5.6 s while an import batch held the embedded database (it runs one statement at a
// time): a monitor would have called the server hung. Health now answers without waiting behind a statement.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the database's health", () => {
  it("says the database is busy instead of waiting behind a long statement, and ready once it is free", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-health-"));
    dirs.push(dataDir);
    const database = await openDatabase({ driver: "pglite", dataDir });
    try {
      expect(await databaseHealth(database, 5000)).toEqual({ database: "pglite" });
      let slowDone = false;
      const slow = database.db.execute(sql`select pg_sleep(4)`).then(() => (slowDone = true));
      const during = await databaseHealth(database, 300);
      // Answered while the statement still held the database, and said so.
      expect(slowDone).toBe(false);
      expect(during.busy?.[0].what).toMatch(/another statement/);
      await slow;
      expect(await databaseHealth(database, 5000)).toEqual({ database: "pglite" });
    } finally {
      await database.close();
    }
  }, 60_000);
});
