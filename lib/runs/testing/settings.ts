import { RunSettingsInput, type RunSettings } from "../settings";

/** Complete stored settings for database tests: the defaults, with what the test cares about. */
export function storedSettings(values: Partial<RunSettings> = {}): RunSettings {
  const defaults = RunSettingsInput.parse({ datasetId: "ds_test", models: ["a.gguf", "b.gguf"] });
  return { ...defaults, groups: ["A"], threads: 1, ...values };
}
