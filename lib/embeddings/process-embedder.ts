import "server-only";
import { AppError, type ErrorCode } from "../errors";
import { ChildExitedError, OnDemandChild } from "../process/child-client";
import type { Embedder } from "./embedder";
import type { EmbedProtocol } from "./protocol";

// An Embedder whose work happens in its own process; same interface as the in-process one. The process is
// started when first needed, stops after `idleExitMs` without work (an idle server holds no embedding model),
// and starts again on the next request.

const asAppError = (err: unknown, modelId: string) => {
  if (err instanceof ChildExitedError)
    return new AppError("unavailable", `The embedding process for ${modelId} stopped (${err.message}). Try again.`, {
      cause: err,
    });
  const code = (err as { code?: ErrorCode }).code;
  return new AppError(code ?? "unavailable", (err as Error).message, { cause: err });
};

export type ProcessEmbedder = Embedder & { stop: () => Promise<void>; pid: () => Promise<number | undefined> };

export async function loadProcessEmbedder(
  modelsDir: string,
  modelId: string,
  idleExitMs: number,
): Promise<ProcessEmbedder> {
  let loaded: { dim: number; metric: "cosine" | "dot" } | undefined;
  const child = new OnDemandChild<EmbedProtocol>(
    // Structured clone instead of JSON: vectors cross the channel without text round-trips.
    { entry: "embed-process", label: "embedding process", serialization: "advanced", idleExitMs },
    async (client) => {
      loaded = await client.call("load", { modelsDir, modelId }).result;
    },
  );
  const embed = async (texts: string[], retry = true): Promise<number[][]> => {
    if (texts.length === 0) return [];
    try {
      const client = await child.get();
      return await client.call("embed", { texts }).result;
    } catch (err) {
      // The process may have exited (idle, or killed) between being handed out and being asked: once more.
      if (retry && err instanceof ChildExitedError) return embed(texts, false);
      throw asAppError(err, modelId);
    }
  };
  try {
    await child.get();
  } catch (err) {
    throw asAppError(err, modelId);
  }
  return {
    id: modelId,
    dim: loaded!.dim,
    metric: loaded!.metric,
    embed: (texts) => embed(texts),
    stop: () => child.stop(),
    pid: () => child.pid(),
  };
}
