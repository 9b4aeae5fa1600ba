import { listRuns } from "@/lib/db/queries/runs";
import { handler } from "@/lib/http";
import { toRunView } from "@/lib/runs/detail";
import { createRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";
import { readJsonBody } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async () =>
  Response.json({ runs: (await listRuns((await serverCtx()).db)).map(toRunView) }),
);

/** Validates the settings, stores the run and answers at once; it runs in the background, queued. */
export const POST = handler(async (request: Request) => {
  const { id, position } = await createRun(await serverCtx(), await readJsonBody(request));
  return Response.json({ id, position, url: `/runs/${id}` }, { status: 202 });
});
