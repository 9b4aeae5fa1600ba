import "server-only";
import type { Ctx as DatasetCtx } from "../datasets/service";
import { getDb } from "../db";
import { env } from "../env";

/** What the product's services need, for the running server. */
export async function serverCtx(): Promise<DatasetCtx & { threads: number }> {
  const { dataDir, modelsDir, threads } = env();
  return { db: await getDb(), dataDir, modelsDir, threads };
}
