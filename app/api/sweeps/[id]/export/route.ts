import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";
import { sweepCsv, sweepJson } from "@/lib/sweeps/export";
import { getSweep } from "@/lib/sweeps/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FORMATS = {
  json: { type: "application/json", render: sweepJson },
  csv: { type: "text/csv; charset=utf-8", render: sweepCsv },
} as const;

export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (!Object.hasOwn(FORMATS, format))
    throw new AppError("bad_request", `format must be json or csv; got "${format.slice(0, 40)}".`);
  const { type, render } = FORMATS[format as keyof typeof FORMATS];
  const view = await getSweep(await serverCtx(), id);
  return new Response(render(view), {
    headers: { "Content-Type": type, "Content-Disposition": `attachment; filename="lineup-${id}.${format}"` },
  });
});
