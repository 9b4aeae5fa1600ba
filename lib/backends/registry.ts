import "server-only";
import { isRemoteRef } from "../remote/types";
import type { RunSettings } from "../runs/settings";
import { engineOf, type LocalEngine } from "./engine-names";
import { llamaServerBackend } from "./llama-server/backend";
import { nodeLlamaCppBackend } from "./node-llama-cpp/backend";
import { remoteBackend } from "./remote/backend";
import type { CellBackend } from "./types";

/** The engines for local GGUF files, by the name a run's settings give. */
const LOCAL: Record<LocalEngine, CellBackend> = {
  "node-llama-cpp": nodeLlamaCppBackend,
  "llama-server": llamaServerBackend,
};

/** What answers `model` in a run: its remote endpoint, or the run's engine for a local file. */
export function backendFor(model: string, settings: Pick<RunSettings, "engine">): CellBackend {
  return isRemoteRef(model) ? remoteBackend : LOCAL[engineOf(settings)];
}
