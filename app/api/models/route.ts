import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { getInventory, parseContextSize } from "@/lib/models";
import { endpointsWithModels } from "@/lib/remote/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Local GGUF files (`kind: "local"`) and, beside them, the models of the remote endpoints (`kind: "remote"`). */
export const GET = handler(async (request: Request) => {
  const contextSize = parseContextSize(new URL(request.url).searchParams.get("contextSize"));
  const [inventory, remote] = await Promise.all([getInventory(contextSize), endpointsWithModels(await getDb())]);
  return Response.json({ ...inventory, models: inventory.models.map((m) => ({ kind: "local", ...m })), remote: remote.models });
});
