import { discardUpload, saveUpload } from "@/lib/datasets/uploads";
import { previewCsv } from "@/lib/datasets/csv";
import { detectMapping } from "@/lib/datasets/mapping";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { API_CSP } from "@/lib/security/csp";
import { refusalFor, secured } from "@/lib/security/gate";
import { NextRequest, NextResponse } from "next/server";
import { listEmbedders } from "@/lib/models/inventory";
import { lingeringChunks } from "@/lib/http-body/lingering";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The CSV as the raw request body (?name=file.csv), streamed to disk. Answers with a preview to map columns. */
const upload = handler(async (request: Request) => {
  const { dataDir, modelsDir, uploadLimitBytes } = env();
  if (!request.body)
    throw new AppError("bad_request", "The request has no file in its body. Send the CSV as the request body.");
  const declared = request.headers.get("content-length");
  const name = new URL(request.url).searchParams.get("name") ?? "upload.csv";
  const upload = await saveUpload(
    dataDir,
    lingeringChunks(request.body),
    name,
    uploadLimitBytes,
    declared ? Number(declared) : undefined,
  );
  // A file the preview refuses (no header, an open quote) is not kept: nothing is left for a refused upload.
  const preview = await previewCsv(upload.path).catch((err: unknown) => {
    if (!upload.reused) discardUpload(dataDir, upload.id);
    throw err;
  });
  const detected = detectMapping(preview.headers);
  return Response.json(
    {
      upload: { id: upload.id, fileName: upload.fileName, bytes: upload.bytes, sha256: upload.sha256 },
      preview,
      ...detected,
      embedders: listEmbedders(modelsDir),
    },
    { status: 201 },
  );
});

/**
 * The proxy leaves this route out (proxy.ts), so its body streams to disk instead of being copied into memory
 * whole: the same gate runs here first, and every answer carries the same security headers.
 */
export async function POST(request: Request): Promise<Response> {
  // The gate reads only the URL and headers. The upload reads the body straight from `request`: a NextRequest
  // made from it would put a read-ahead stream in between, and cancelling that one while undici's own body stream
  // has a read in flight throws an uncatchable ERR_INVALID_STATE (nodejs/undici#5715) on every refused upload.
  const gate = new NextRequest(request.url, { method: request.method, headers: request.headers });
  const refused = await refusalFor(gate, request.body);
  if (refused) return refused;
  const response = await upload(request);
  return secured(new NextResponse(response.body, response), API_CSP);
}
