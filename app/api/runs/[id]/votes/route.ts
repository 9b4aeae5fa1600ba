import { handler } from "@/lib/http";
import { castVote, VoteInput } from "@/lib/quality/votes";
import { jsonWithVoter, voterOf } from "@/lib/quality/voter";
import { serverCtx } from "@/lib/server/context";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One vote: `{ticket, winner}` from the arena or `{questionId, a, b, winner}`; answers with the two models, revealed (409 for a repeat). */
export const POST = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const input = await parseJson(request, VoteInput);
  const { voter, setCookie } = voterOf(request);
  const { db } = await serverCtx();
  return jsonWithVoter(await castVote(db, id, input, voter), setCookie, 201);
});
