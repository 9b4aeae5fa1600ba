import "server-only";
import { getDb } from "../db";
import { env } from "../env";
import { LIST_WAIT_MS } from "../models/inventory";
import type { ServerContext } from "../server-context";

/** The server context for the running server. Requests never wait long on new model files. */
export async function serverCtx(): Promise<ServerContext> {
  const { dataDir, modelsDir, modelSources, threads } = env();
  return { db: await getDb(), dataDir, modelsDir, modelSources, threads, modelWaitMs: LIST_WAIT_MS };
}
