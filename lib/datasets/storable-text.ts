// Postgres cannot store the NUL character (0x00) in text or jsonb: one such byte in a CSV made the whole
// import fail. A lone UTF-16 surrogate (half of a pair, from a server's "\ud800" escape) is refused by jsonb
// too, and becomes "?" or worse on its way to UTF-8. Values are cleaned before they are stored (both become
// U+FFFD, visible as "�"); the import counts the rows that needed it, and remote answers, errors and model
// ids (lib/remote) go through the same function.

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNSTORABLE = /\u0000|[\uD800-\uDFFF]/;

export const REPLACEMENT = "\uFFFD";

export function storableText(text: string): string {
  // Cheap test first: most texts have neither NUL nor any surrogate (a valid emoji pair passes the second step unchanged).
  return HAS_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, REPLACEMENT) : text;
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
