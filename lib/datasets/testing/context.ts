import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Database } from "../../db/client";
import { openTestDatabase, type DriverName } from "../../db/testing/drivers";
import { tinyModelsDir } from "../../models/testing/fixtures";
import { registerJobKinds } from "../../server/job-kinds";
import { waitForImport } from "../jobs";
import { createDataset } from "../service";
import { saveUpload } from "../uploads";
import type { ServerContext } from "../../server-context";
import { NO_MODEL_SOURCES } from "../../env";

/**
 * A real service context: a fresh database (in-memory PGlite by default), a temp data dir, the tiny models and the
 * demo embedder (no other model store); and, as at boot, the kinds of job in the run line registered.
 */
export async function testContext(
  driver: DriverName = "pglite",
): Promise<ServerContext & { location: string; close: () => Promise<void> }> {
  registerJobKinds();
  const database: Database = await openTestDatabase(driver);
  const models = tinyModelsDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-data-"));
  return {
    db: database.db,
    dataDir,
    modelsDir: models.dir,
    // Hermetic: the machine's own Ollama, LM Studio or Hugging Face stores stay out of tests.
    modelSources: NO_MODEL_SOURCES,
    location: database.location,
    close: async () => {
      await database.close();
      models.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function uploadText(ctx: ServerContext, text: string | Buffer, name = "test.csv", limit = 10 * 1024 * 1024) {
  return saveUpload(ctx.dataDir, Readable.from([Buffer.from(text)]), name, limit);
}

/** Uploads, imports and waits for the import to end. */
export async function importText(
  ctx: ServerContext,
  text: string,
  options: Parameters<typeof createDataset>[1] extends infer T ? Omit<T & object, "uploadId"> : never = {},
) {
  const upload = await uploadText(ctx, text);
  const { dataset } = await createDataset(ctx, { uploadId: upload.id, ...options });
  await waitForImport(dataset.id);
  return dataset.id;
}
