import { exportResponse, handler, type ExportFormat } from "@/lib/http";
import { runCsv, runJson } from "@/lib/runs/export";
import { EXPORT_CSP, runHtml } from "@/lib/runs/export-html";
import { getRun } from "@/lib/runs/service";
import type { RunDetail } from "@/lib/runs/types";
import { serverCtx } from "@/lib/server/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FORMATS: Record<string, ExportFormat<RunDetail>> = {
  json: { type: "application/json", render: runJson },
  csv: { type: "text/csv; charset=utf-8", render: runCsv },
  html: { type: "text/html; charset=utf-8", render: runHtml, headers: { "Content-Security-Policy": EXPORT_CSP } },
};

export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return exportResponse(request, id, FORMATS, async () => getRun(await serverCtx(), id));
});
