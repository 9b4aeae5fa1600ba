import { handler } from "@/lib/http";
import { getInventory, parseContextSize } from "@/lib/models";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async (request: Request) => {
  const contextSize = parseContextSize(new URL(request.url).searchParams.get("contextSize"));
  return Response.json(await getInventory(contextSize));
});
