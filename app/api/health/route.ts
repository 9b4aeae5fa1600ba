import { getDatabase } from "@/lib/db";
import { handler } from "@/lib/http";
import { sql } from "drizzle-orm";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async () => {
  const database = await getDatabase();
  await database.db.execute(sql`select 1`);
  return Response.json({ ok: true, database: database.driver });
});
