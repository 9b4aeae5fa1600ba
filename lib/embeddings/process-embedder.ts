import { spawn } from "node:child_process";
import path from "node:path";
import { AppError, type ErrorCode } from "../errors";
import type { Embedder } from "./embedder";

const ENTRY = path.join(process.cwd(), "lib", "embeddings", "embed-process.ts");

type Reply =
  | { type: "loaded"; dim: number; metric: "cosine" | "dot" }
  | { type: "failed"; message: string; code?: ErrorCode }
  | { type: "vectors"; id: number; vectors: number[][] }
  | { type: "error"; id: number; message: string };

/** An Embedder whose work happens in its own process; same interface as the in-process one. */
export function loadProcessEmbedder(modelsDir: string, modelId: string): Promise<Embedder> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY, modelsDir, modelId], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Structured clone instead of JSON: vectors cross the channel without text round-trips.
    serialization: "advanced",
  });
  // While idle, the channel must not keep the parent alive (tests, scripts); while busy it must.
  child.unref();
  const pending = new Map<number, { resolve: (v: number[][]) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    child.on("exit", (code, signal) => {
      const err = new AppError("unavailable", `The embedding process for ${modelId} stopped (${signal ?? `code ${code}`}). Try again.`);
      reject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    child.on("message", (reply: Reply) => {
      switch (reply.type) {
        case "loaded":
          child.channel?.unref();
          resolve({
            id: modelId,
            dim: reply.dim,
            metric: reply.metric,
            embed: (texts) =>
              texts.length === 0
                ? Promise.resolve([])
                : new Promise((res, rej) => {
                    const id = nextId++;
                    pending.set(id, { resolve: res, reject: rej });
                    child.channel?.ref();
                    child.send({ id, texts });
                  }).finally(() => pending.size === 0 && child.channel?.unref()) as Promise<number[][]>,
          });
          break;
        case "failed":
          child.kill();
          reject(new AppError(reply.code ?? "unavailable", reply.message));
          break;
        case "vectors":
          pending.get(reply.id)?.resolve(reply.vectors);
          pending.delete(reply.id);
          break;
        case "error":
          pending.get(reply.id)?.reject(new Error(reply.message));
          pending.delete(reply.id);
          break;
      }
    });
  });
}
