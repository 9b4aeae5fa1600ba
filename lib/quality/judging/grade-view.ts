// A judge's grade of one answer as the API and the pages show it: scores on the scale its mode names (rubric:
// integers 1–5; claims: supported ÷ claims in [0, 1]). Browser-safe types and pure helpers.

import type { Claim, RubricKey } from "./prompts";

export type GradeView = {
  judge: string;
  mode: "rubric" | "claims";
  faithfulness?: number;
  relevance?: number;
  completeness?: number;
  reasons?: Partial<Record<RubricKey, string>>;
  claims?: Claim[];
  /** Claims mode: supported ÷ claims (null: the answer made no claims). */
  support?: number | null;
};

/** Below this claim support, or this lexical groundedness, an answer is marked "not supported by the reviews". */
export const LOW_SUPPORT = 0.5;
export const LOW_GROUNDEDNESS = 0.2;

/** Why an answer is marked unsupported, or null: the judges' claim checks when there are any, else groundedness. */
export function unsupportedBecause(
  grades: GradeView[] | undefined,
  groundedness: number | null | undefined,
): string | null {
  const checked = (grades ?? []).filter((g) => g.mode === "claims" && typeof g.support === "number");
  if (checked.length) {
    const worst = Math.min(...checked.map((g) => g.support!));
    if (worst >= LOW_SUPPORT) return null;
    const g = checked.find((c) => c.support === worst)!;
    const bad = g.claims?.filter((c) => !c.supported).length ?? 0;
    return `${bad} of ${g.claims?.length ?? 0} claims not supported by the reviews (judge: ${g.judge})`;
  }
  if (typeof groundedness === "number" && groundedness < LOW_GROUNDEDNESS)
    return `few of its words come from the reviews (groundedness ${groundedness.toFixed(2)})`;
  return null;
}
