import { getDatabase } from "@/lib/db";
import { databaseHealth } from "@/lib/db/health";
import { handler } from "@/lib/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The server is up; the database's state, or what keeps it busy, without waiting behind it (lib/db/health.ts). */
export const GET = handler(async () => Response.json({ ok: true, ...(await databaseHealth(await getDatabase())) }));
