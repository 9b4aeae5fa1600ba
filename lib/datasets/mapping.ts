import { AppError } from "../errors";
import type { ColumnMapping } from "../db/schema";

// Which columns make a document's text, its group (e.g. product id) and its labels.

const DATAFINITI = { text: ["reviews.title", "reviews.text"], group: "asins", labels: ["name", "reviews.rating"] };

/** The Datafiniti review layout of the original experiment, recognised without questions. */
export function detectMapping(headers: string[]): { layout: "datafiniti" | null; mapping: ColumnMapping | null } {
  const has = (c: string) => headers.includes(c);
  if (has(DATAFINITI.group) && has("reviews.text")) {
    return {
      layout: "datafiniti",
      mapping: { text: DATAFINITI.text.filter(has), group: DATAFINITI.group, labels: DATAFINITI.labels.filter(has) },
    };
  }
  return { layout: null, mapping: null };
}

export function validateMapping(headers: string[], mapping: ColumnMapping): void {
  const wanted = [...mapping.text, ...(mapping.group ? [mapping.group] : []), ...mapping.labels];
  const missing = wanted.filter((c) => !headers.includes(c));
  if (mapping.text.length === 0) {
    throw new AppError(
      "bad_request",
      "Choose at least one text column: the text that is embedded and given to the models as context.",
    );
  }
  if (missing.length) {
    throw new AppError(
      "bad_request",
      `The column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} not in this CSV. Its columns are: ${headers.join(", ")}.`,
    );
  }
}

/** Title and text joined as in the original experiment: "title. text" (empty parts left out). */
export function documentText(record: Record<string, string>, mapping: ColumnMapping): string {
  return mapping.text
    .map((c) => (record[c] ?? "").trim())
    .filter(Boolean)
    .map((part, i, parts) => (i < parts.length - 1 && !/[.!?]$/.test(part) ? `${part}.` : part))
    .join(" ");
}

export const NO_GROUP = "(all)";

export function groupOf(record: Record<string, string>, mapping: ColumnMapping): string {
  if (!mapping.group) return NO_GROUP;
  return (record[mapping.group] ?? "").trim() || "(none)";
}
