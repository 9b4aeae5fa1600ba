import { resumeDataset } from "@/lib/datasets/service";
import { idAction } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idAction(async (id) => ({ dataset: await resumeDataset(await serverCtx(), id) }), 202);
