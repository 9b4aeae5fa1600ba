import { storableText } from "../datasets/storable-text";

// The model ids of an endpoint's GET /v1/models, kept small: one server listed 100,000 ids (duplicates
// included), which made a 14 MB /api/models and a compare page with 30,000 DOM nodes. Ids are deduplicated
// and the first MAX_MODEL_IDS kept. An id that would need cleaning (NUL, lone surrogates, control characters)
// or is too long is left out rather than changed: a changed id would name a model the server does not have.

export const MAX_MODEL_IDS = 1000;
export const MAX_MODEL_ID_CHARS = 256;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export type ModelIds = { models: string[]; duplicates: number; unusable: number; overLimit: number };

export function modelIdsOf(data: unknown[]): ModelIds {
  const seen = new Set<string>();
  let duplicates = 0,
    unusable = 0,
    overLimit = 0;
  for (const entry of data) {
    const id = entry && typeof entry === "object" ? (entry as { id?: unknown }).id : undefined;
    if (
      typeof id !== "string" ||
      !id.trim() ||
      id.length > MAX_MODEL_ID_CHARS ||
      CONTROL.test(id) ||
      storableText(id) !== id
    )
      unusable++;
    else if (seen.has(id)) duplicates++;
    else if (seen.size >= MAX_MODEL_IDS) overLimit++;
    else seen.add(id);
  }
  return { models: [...seen], duplicates, unusable, overLimit };
}

/** What was left out, in a sentence for the endpoint's health line; null when nothing was. */
export function modelIdsNote(ids: ModelIds): string | null {
  const parts = [
    ids.duplicates ? `${ids.duplicates.toLocaleString("en")} duplicate${ids.duplicates === 1 ? "" : "s"} merged` : null,
    ids.unusable
      ? `${ids.unusable.toLocaleString("en")} unusable id${ids.unusable === 1 ? "" : "s"} (empty, over ${MAX_MODEL_ID_CHARS} characters, or with control characters) left out`
      : null,
    ids.overLimit
      ? `${ids.overLimit.toLocaleString("en")} more past the first ${MAX_MODEL_IDS.toLocaleString("en")} left out`
      : null,
  ].filter(Boolean);
  return parts.length ? `/v1/models: ${parts.join("; ")}.` : null;
}
