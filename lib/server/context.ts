import "server-only";
import type { Ctx } from "../datasets/service";
import { getDb } from "../db";
import { env } from "../env";

/** What the product's services need, for the running server. */
export async function serverCtx(): Promise<Ctx> {
  const { dataDir, modelsDir } = env();
  return { db: await getDb(), dataDir, modelsDir };
}
