import type { ModelEntry } from "../models/inventory";
import { CannotRunError, type ModelTarget } from "./types";

/**
 * The inventory entry of a local model file, or CannotRunError saying why the file cannot run. Every engine opens
 * `entry.path` from here: the file the listing found for the id, never a path built from the id.
 */
export function localEntry(target: ModelTarget): ModelEntry & { valid: true } {
  const { entry, model } = target;
  if (!entry)
    throw new CannotRunError(`The model ${model} is no longer found (in the models folder or the store it came from).`);
  if (!entry.valid) throw new CannotRunError(`The model file cannot be used: ${entry.reason}`);
  return entry;
}
