import fs from "node:fs";
import path from "node:path";
import { listDatasets } from "../../db/queries/datasets";
import { createDataset } from "../service";
import { saveUpload } from "../uploads";
import { writeSampleCsv } from "./generate";
import type { ServerContext } from "../../server-context";

/** On an empty database, imports the sample reviews so the demo works offline from the first page. */
export async function ensureSampleDataset(ctx: ServerContext): Promise<string | null> {
  if ((await listDatasets(ctx.db)).length > 0) return null;
  const file = writeSampleCsv(path.join(ctx.dataDir, "samples"));
  const upload = await saveUpload(ctx.dataDir, fs.createReadStream(file), path.basename(file), Number.MAX_SAFE_INTEGER);
  const { dataset } = await createDataset(ctx, { uploadId: upload.id, name: "Sample product reviews" });
  return dataset.id;
}
