import type { ModelEntry } from "../models/inventory";
import { CannotRunError, type ModelTarget } from "./types";

/** The inventory entry of a local model file, or CannotRunError saying why the file cannot run. */
export function localEntry(target: ModelTarget): ModelEntry & { valid: true } {
  const { entry, model } = target;
  if (!entry) throw new CannotRunError(`The model file ${model} is no longer in the models folder.`);
  if (!entry.valid) throw new CannotRunError(`The model file cannot be used: ${entry.reason}`);
  return entry;
}
