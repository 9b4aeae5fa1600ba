import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { getInventory, parseContextSize } from "@/lib/models";
import { endpointsWithModels } from "@/lib/remote/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Local GGUF files (`kind: "local"`) and, beside them, the models of the remote endpoints (`kind: "remote"`; left out with `remote=0`). */
export const GET = handler(async (request: Request) => {
  const params = new URL(request.url).searchParams;
  const contextSize = parseContextSize(params.get("contextSize"));
  // Listing remote models asks every endpoint (up to 3 s each): pages that poll for local files only say remote=0.
  const withRemote = params.get("remote") !== "0";
  const [inventory, remote] = await Promise.all([getInventory(contextSize), withRemote ? endpointsWithModels(await getDb()) : null]);
  return Response.json({ ...inventory, models: inventory.models.map((m) => ({ kind: "local", ...m })), ...(remote ? { remote: remote.models } : {}) });
});
