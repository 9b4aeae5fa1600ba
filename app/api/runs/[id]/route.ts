import { handler } from "@/lib/http";
import { updateRunLabel } from "@/lib/runs/run-label";
import { getRun } from "@/lib/runs/service";
import { readJsonBody } from "@/lib/validation";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return Response.json(await getRun(await serverCtx(), id));
});

/** Renames a run or changes its note: `{ "name": "...", "note": "..." }` (name ≤ 120, note ≤ 2000 characters). */
export const PATCH = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return Response.json(await updateRunLabel((await serverCtx()).db, id, await readJsonBody(request)));
});
