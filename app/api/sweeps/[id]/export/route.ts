import { exportResponse, handler, type ExportFormat } from "@/lib/http";
import { serverCtx } from "@/lib/server/context";
import { sweepCsv, sweepJson } from "@/lib/sweeps/export";
import { getSweep } from "@/lib/sweeps/service";
import type { SweepView } from "@/lib/sweeps/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const FORMATS: Record<string, ExportFormat<SweepView>> = {
  json: { type: "application/json", render: sweepJson },
  csv: { type: "text/csv; charset=utf-8", render: sweepCsv },
};

export const GET = handler(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return exportResponse(request, id, FORMATS, async () => getSweep(await serverCtx(), id));
});
