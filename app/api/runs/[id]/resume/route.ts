import { idAction } from "@/lib/http";
import { resumeRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = idAction(async (id) => resumeRun(await serverCtx(), id), 202);
