import "server-only";
import type { Ctx as DatasetCtx } from "../datasets/service";
import { getDb } from "../db";
import { env } from "../env";
import { LIST_WAIT_MS } from "../models/inventory";

/** What the product's services need, for the running server. Requests never wait long on new model files. */
export async function serverCtx(): Promise<DatasetCtx & { threads: number; modelWaitMs: number }> {
  const { dataDir, modelsDir, threads } = env();
  return { db: await getDb(), dataDir, modelsDir, threads, modelWaitMs: LIST_WAIT_MS };
}
