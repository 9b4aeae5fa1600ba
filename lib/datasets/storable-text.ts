// Postgres cannot store the NUL character (0x00) in text or jsonb: one such byte in a CSV made the whole
// import fail. Values are cleaned before they are stored (NUL becomes U+FFFD, visible as "�"), and the
// import counts the rows that needed it.

const NUL = /\u0000/g;

export const REPLACEMENT = "\uFFFD";

export function storableText(text: string): string {
  return text.includes("\u0000") ? text.replace(NUL, REPLACEMENT) : text;
}

/** The record with every value cleaned, and whether anything had to change. */
export function storableRecord(record: Record<string, string>): { record: Record<string, string>; cleaned: boolean } {
  let cleaned = false;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const safe = typeof value === "string" ? storableText(value) : value;
    if (safe !== value) cleaned = true;
    out[key] = safe;
  }
  return { record: out, cleaned };
}
