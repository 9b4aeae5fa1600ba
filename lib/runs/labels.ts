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
