import { z } from "zod";
import { RUN_NAME_MAX, RUN_NOTE_MAX } from "./labels";

// A run's optional name and note, validated on the server (POST /api/runs, PATCH /api/runs/:id). The page
// imports the limits from labels.ts instead, so zod stays out of the run page's bundle. Blank text clears a field.

const blankToNull = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null || v.trim() === "" ? null : v.trim();

export const RunLabelInput = z.object({
  name: z
    .string()
    .max(RUN_NAME_MAX, `must be at most ${RUN_NAME_MAX} characters`)
    .nullable()
    .optional()
    .transform(blankToNull),
  note: z
    .string()
    .max(RUN_NOTE_MAX, `must be at most ${RUN_NOTE_MAX} characters`)
    .nullable()
    .optional()
    .transform(blankToNull),
});
export type RunLabel = z.output<typeof RunLabelInput>;
