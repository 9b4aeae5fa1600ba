import { z } from "zod";

// A run's optional name and note: set in the Compare form, edited on the run page. Browser-safe (zod only).
// Blank text clears the field (stored as null).

export const RUN_NAME_MAX = 120;
export const RUN_NOTE_MAX = 2000;

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === "" ? null : v.trim());

export const RunLabelInput = z.object({
  name: z.string().max(RUN_NAME_MAX, `must be at most ${RUN_NAME_MAX} characters`).nullable().optional().transform(blankToNull),
  note: z.string().max(RUN_NOTE_MAX, `must be at most ${RUN_NOTE_MAX} characters`).nullable().optional().transform(blankToNull),
});
export type RunLabel = z.output<typeof RunLabelInput>;
