import { handler } from "@/lib/http";
import { runRatings } from "@/lib/quality/ratings";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Bradley–Terry ratings of the run's models from its votes: `{ratings: [{model, score, ci95, wins, losses, ties}], votes}`. */
export const GET = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { db } = await serverCtx();
  return Response.json(await runRatings(db, id));
});
