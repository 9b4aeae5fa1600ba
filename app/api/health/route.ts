import { busyWith } from "@/lib/db/busy";
import { getDatabase } from "@/lib/db";
import { handler } from "@/lib/http";
import { sql } from "drizzle-orm";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async () => {
  const database = await getDatabase();
  // A long statement (an index build) holds the database: the server is up, and says what the database is doing
  // instead of waiting behind it.
  const busy = busyWith();
  if (busy.length) return Response.json({ ok: true, database: database.driver, busy });
  await database.db.execute(sql`select 1`);
  return Response.json({ ok: true, database: database.driver });
});
