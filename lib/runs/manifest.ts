import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getModuleVersion } from "node-llama-cpp";
import type { Db } from "../db/client";
import type { Dataset } from "../db/schema";
import { engineOf } from "../backends/engine-names";
import { remoteManifest } from "../remote/manifest";
import { llamaBuildDir } from "../remote/native-llama";
import { isRemoteRef } from "../remote/types";
import { findModel, pendingHash, type ModelEntry } from "../models/inventory";
import { physicalCores } from "../system/cpu";
import type { RunSettings } from "./settings";
import type { RunManifest } from "./types";

/** The manifest of a run (see RunManifest), measured on this machine when the run starts. */
/** `signal` (the run's cancel) ends the remote endpoints' /props and /v1/models questions at once. */
export async function buildManifest(
  settings: RunSettings,
  dataset: Dataset,
  models: ModelEntry[],
  db: Db,
  signal?: AbortSignal,
): Promise<RunManifest> {
  const app = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  return {
    createdAt: new Date().toISOString(),
    hardware: {
      cpu: os.cpus()[0]?.model ?? "unknown",
      physicalCores: physicalCores(),
      logicalCores: os.cpus().length,
      memoryBytes: os.totalmem(),
      os: `${os.type()} ${os.release()} (${os.arch()})`,
    },
    versions: {
      app: `${app.name}@${app.version}`,
      node: process.version,
      nodeLlamaCpp: await getModuleVersion(),
      llamaCpp: null,
      // The llama-server engine's build: node-llama-cpp's llama.cpp release and commit, compiled here for this CPU.
      ...(engineOf(settings) === "llama-server"
        ? { llamaServer: path.basename(path.dirname(path.dirname(llamaBuildDir()))) }
        : {}),
    },
    models: await Promise.all(
      settings.models.map(async (file) => {
        if (isRemoteRef(file))
          return { file, sha256: null, sizeBytes: null, facts: null, remote: await remoteManifest(db, file, signal) };
        const entry = findModel(models, file);
        // A large model's hash may still be computing in the background: the manifest waits for it.
        return {
          file,
          ...(entry ? { source: entry.source, name: entry.name } : {}),
          sha256: entry ? await pendingHash(entry) : null,
          sizeBytes: entry?.sizeBytes ?? null,
          facts: entry?.valid ? entry.facts : null,
        };
      }),
    ),
    embedder: { id: dataset.embedder, dim: dataset.embeddingDim, metric: dataset.metric },
    dataset: {
      id: dataset.id,
      name: dataset.name,
      fileSha256: dataset.fileSha256,
      rows: dataset.rowsDone,
      mapping: dataset.mapping,
    },
    settings,
  };
}
