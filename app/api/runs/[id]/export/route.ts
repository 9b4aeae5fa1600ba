import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { runCsv, runJson } from "@/lib/runs/export";
import { EXPORT_CSP, runHtml } from "@/lib/runs/export-html";
import { getRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FORMATS = {
  json: { type: "application/json", render: runJson },
  csv: { type: "text/csv; charset=utf-8", render: runCsv },
  html: { type: "text/html; charset=utf-8", render: runHtml },
} as const;

export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (!Object.hasOwn(FORMATS, format))
    throw new AppError("bad_request", `format must be json, csv or html; got "${format.slice(0, 40)}".`);
  const { type, render } = FORMATS[format as keyof typeof FORMATS];
  const detail = await getRun(await serverCtx(), id);
  return new Response(render(detail), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="lineup-${id}.${format}"`,
      ...(format === "html" ? { "Content-Security-Policy": EXPORT_CSP } : {}),
    },
  });
});
