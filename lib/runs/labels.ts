import { modelLabel } from "./model-identity";
import type { RunSettings } from "./settings";

/** Limits of a run's name and note (checked by run-label-input.ts; here without zod, for the run page's bundle). */
export const RUN_NAME_MAX = 120;
export const RUN_NOTE_MAX = 2000;

// Words for a run's shape that people read without decoding: "4 products × 2 questions", not "Questions 8".
// Browser-safe.

/** "product" when the group column holds product codes (asin, sku, product id), otherwise "group". */
export function groupNoun(groupColumn: string | null | undefined, count: number): string {
  const noun = groupColumn && /asin|product|item|sku/i.test(groupColumn) ? "product" : "group";
  return count === 1 ? noun : `${noun}s`;
}

/** "4 products × 2 questions", the pairs each model answers. */
export function questionCountText(
  settings: Pick<RunSettings, "groups" | "questions">,
  groupColumn: string | null | undefined,
): string {
  const q = settings.questions.length;
  return `${settings.groups.length} ${groupNoun(groupColumn, settings.groups.length)} × ${q} ${q === 1 ? "question" : "questions"}`;
}

/**
 * The title of a run nobody named: its models and dataset ("tiny-gqa vs tiny-moe on Sample product reviews"),
 * readable where the raw id was not. A name given on the run page replaces it.
 */
export function autoRunName(models: string[], datasetName: string | null | undefined): string {
  const names = models.map((m) => modelLabel(m, models));
  const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(" vs ");
  return datasetName ? `${shown} on ${datasetName}` : shown;
}
