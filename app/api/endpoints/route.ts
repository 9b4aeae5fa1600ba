import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { AddEndpointInput, addEndpoint, endpointsWithModels } from "@/lib/remote/endpoints";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every endpoint (without its API key) with a fresh health check and the models it serves. */
export const GET = handler(async () => Response.json(await endpointsWithModels(await getDb())));

/** Checks the URL and the endpoint's health (GET /v1/models, timed), then stores it. */
export const POST = handler(async (request: Request) => {
  const input = await parseJson(request, AddEndpointInput);
  return Response.json(await addEndpoint(await getDb(), input), { status: 201 });
});
