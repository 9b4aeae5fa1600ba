import { handler } from "@/lib/http";
import { arenaNext } from "@/lib/quality/votes";
import { jsonWithVoter, voterOf } from "@/lib/quality/voter";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The next pair of answers for this browser's voter, and its progress ("12 of 40 pairs"). */
export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { voter, setCookie } = voterOf(request);
  const { db } = await serverCtx();
  return jsonWithVoter(await arenaNext(db, id, voter), setCookie);
});
