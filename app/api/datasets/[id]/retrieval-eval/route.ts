import { describeDataset } from "@/lib/datasets/service";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { parseIntParam } from "@/lib/query";
import { evaluateRetrieval } from "@/lib/retrieval/evaluate";
import { hasSampleTruth } from "@/lib/retrieval/sample-truth";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Recall@k of each retrieval mode on a dataset whose answers are known (the sample reviews). */
export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const k = parseIntParam(new URL(request.url).searchParams.get("k"), "k", 1, 10, 2);
  const ctx = await serverCtx();
  const dataset = await describeDataset(ctx.db, id);
  if (!hasSampleTruth(dataset.groups.map((g) => g.group))) {
    throw new AppError(
      "bad_request",
      `The dataset "${dataset.name}" has no known answers to check retrieval against: the evaluation needs the sample reviews (its products B00SAMPLE01 to B00SAMPLE12). Use the search box to judge retrieval on your own data.`,
    );
  }
  return Response.json({ k, rows: await evaluateRetrieval(ctx, id, k) });
});
