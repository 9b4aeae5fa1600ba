import { z } from "zod";
import { handler } from "@/lib/http";
import { GGUF_PRESETS } from "@/lib/models/pull/catalog";
import { keptParts, listPulls, serverPullContext, startPull } from "@/lib/models/pull/pulls";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const StartPull = z.object({
  name: z
    .string({ error: "name is required: a preset (such as llama3.2-1b) or an hf:<org>/<repo>/<file>.gguf URI" })
    .trim()
    .min(1, "name is required: a preset (such as llama3.2-1b) or an hf:<org>/<repo>/<file>.gguf URI")
    .max(500),
});

/** The pulls this server knows (newest first, with their state), the parts interrupted pulls left, and the presets. */
export const GET = handler(async () =>
  Response.json({
    pulls: listPulls(),
    kept: keptParts(serverPullContext()),
    presets: Object.entries(GGUF_PRESETS).map(([name, p]) => ({ name, note: p.note })) }),
);

/** Starts a pull once the hub has described the file and the disk has room; its progress is on .../events. */
export const POST = handler(async (request: Request) => {
  const { name } = await parseJson(request, StartPull);
  const { state } = await startPull(serverPullContext(), name);
  return Response.json({ id: state.id, pull: state }, { status: 202 });
});
