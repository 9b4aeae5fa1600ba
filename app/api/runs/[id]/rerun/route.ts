import { idAction } from "@/lib/http";
import { rerun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idAction(async (id) => rerun(await serverCtx(), id), 202);
