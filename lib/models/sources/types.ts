import type fs from "node:fs";

/** Where a model file was found. */
export const MODEL_SOURCES = ["models-dir", "extra", "ollama", "lm-studio", "hf-cache"] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

/**
 * One model file found in a source. `id` is what run settings, the database cache and the API name it by:
 * unique across sources, and the only way a request can point at a file (never a path built from it).
 * `name` is the model's name in its source (`mistral:7b-instruct` in Ollama), `path` the file Lineup opens.
 */
export type FoundModel = { id: string; source: ModelSource; name: string; path: string } & (
  | { stat: fs.Stats }
  | { problem: string }
);
