import { discardUpload, saveUpload } from "@/lib/datasets/uploads";
import { previewCsv } from "@/lib/datasets/csv";
import { detectMapping } from "@/lib/datasets/mapping";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { listEmbedders } from "@/lib/models/inventory";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The CSV as the raw request body (?name=file.csv), streamed to disk. Answers with a preview to map columns. */
export const POST = handler(async (request: Request) => {
  const { dataDir, modelsDir, uploadLimitBytes } = env();
  if (!request.body) throw new AppError("bad_request", "The request has no file in its body. Send the CSV as the request body.");
  const declared = request.headers.get("content-length");
  const name = new URL(request.url).searchParams.get("name") ?? "upload.csv";
  const upload = await saveUpload(
    dataDir,
    request.body as unknown as AsyncIterable<Uint8Array>,
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
    { upload: { id: upload.id, fileName: upload.fileName, bytes: upload.bytes, sha256: upload.sha256 }, preview, ...detected, embedders: listEmbedders(modelsDir) },
    { status: 201 },
  );
});
