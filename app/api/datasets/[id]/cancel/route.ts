import { cancelDataset } from "@/lib/datasets/service";
import { idAction } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idAction(async (id) => ({ dataset: await cancelDataset(await serverCtx(), id) }));
