import { z } from "zod";
import { createDataset, summaries } from "@/lib/datasets/service";
import { handler } from "@/lib/http";
import { parseJson } from "@/lib/validation";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const CreateDataset = z.object({
  uploadId: z.string().min(1, "uploadId is required: upload the CSV first (POST /api/uploads)"),
  name: z.string().max(200).optional(),
  embedder: z.string().optional(),
  dedupe: z
    .boolean({ error: "dedupe must be true (store identical texts of a group once) or false (keep every row)" })
    .optional(),
  mapping: z
    .object({
      text: z.array(z.string()).min(1, "choose at least one text column"),
      group: z.string().nullable(),
      labels: z.array(z.string()).default([]),
    })
    .optional(),
});

export const GET = handler(async () => Response.json({ datasets: await summaries((await serverCtx()).db) }));

export const POST = handler(async (request: Request) => {
  const input = await parseJson(request, CreateDataset);
  const { dataset, existing } = await createDataset(await serverCtx(), input);
  return Response.json({ dataset, existing }, { status: existing ? 200 : 202 });
});
