import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { removeEndpoint } from "@/lib/remote/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await removeEndpoint(await getDb(), (await params).id);
  return Response.json({ deleted: true });
});
