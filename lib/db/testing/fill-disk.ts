// Test fixture (run in its own process by full-disk-watchdog.integration.test.ts): opens the embedded database
// on DATA_DIR as the server does, then keeps writing small incompressible rows, each in its own transaction as
// import batches are, past the point where the disk is full; a failed write is logged and the next one tried, as
// a server goes on serving. This bypasses Lineup's own free-space checks, as another program filling the disk does.
import { sql } from "drizzle-orm";
import { openDatabase } from "../client";

const dataDir = process.argv[2];
const database = await openDatabase({ driver: "pglite", dataDir });
await database.db.execute(sql`create table filler (t text)`);
console.log("open");
for (let i = 0; ; i++) {
  try {
    await database.db.execute(
      sql`insert into filler select string_agg(md5(random()::text || g::text), '') from generate_series(1, 500) g`,
    );
  } catch (err) {
    console.log(`write ${i} failed: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`);
  }
  if (i % 500 === 0) console.log(`wrote ${i}`);
}
