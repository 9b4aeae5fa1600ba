import type { LoadedReport } from "../backends/types";
import { promptFormatOf } from "./run-options";
import type { RunSettings } from "./settings";
import type { RunManifest } from "./types";

/**
 * Folds what a backend learnt on loading `model` into the manifest: the llama.cpp build, and per model its
 * device, VRAM peak, chat template and the prompt format it was actually given. True when anything changed.
 */
export function recordLoaded(
  manifest: RunManifest,
  settings: RunSettings,
  model: string,
  report: LoadedReport,
): boolean {
  let changed = false;
  if (report.llamaCpp && !manifest.versions.llamaCpp) {
    manifest.versions.llamaCpp = report.llamaCpp;
    changed = true;
  }
  const entry = manifest.models.find((m) => m.file === model);
  if (!entry) return changed;
  const runtime = { ...entry.runtime };
  if (report.device) runtime.device = report.device;
  if (report.chatTemplate !== undefined) {
    runtime.chatTemplate = report.chatTemplate;
    runtime.promptFormat = promptFormatOf(settings) === "chat" && report.chatTemplate ? "chat" : "raw";
  }
  if (report.vramPeakBytes !== undefined || report.device)
    runtime.vramPeakBytes = Math.max(
      runtime.vramPeakBytes ?? 0,
      report.vramPeakBytes ?? 0,
      report.device?.vramUsedBytes ?? 0,
    );
  if (JSON.stringify(runtime) === JSON.stringify(entry.runtime ?? {})) return changed;
  entry.runtime = runtime;
  return true;
}
