import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { leaderboard } from "@/lib/quality/leaderboard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every board: runs on the same dataset, groups and questions, their pooled votes rated. */
export const GET = handler(async () => Response.json({ boards: await leaderboard(await getDb()) }));
