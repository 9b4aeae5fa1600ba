import { idAction } from "@/lib/http";
import { cancelPull } from "@/lib/models/pull/pulls";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Stops a pull; the part downloaded is kept for the next pull of the same file. */
export const POST = idAction(async (id) => ({ pull: await cancelPull(id) }));
