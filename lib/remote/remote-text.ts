import { storableText } from "../datasets/storable-text";

// Text that came from a remote server (error bodies, mid-stream error chunks, fetch failures, model ids) is
// untrusted: it may echo the request's Authorization header, carry NUL or lone surrogates the database refuses,
// or be megabytes long. `remoteText` is the one gate: cleaned (lib/datasets/storable-text.ts), secrets
// redacted, then cut. Redaction comes before the cut, so a key cut in half is never left half-visible.

export const REDACTED = "[redacted]";

/**
 * Secret-looking values: `Authorization: …` / `"authorization":"…"`, `Bearer …`, API-key fields, and
 * OpenAI-style `sk-…` keys. They are removed even when they are not this endpoint's key: a proxy may echo
 * another header, and a user cannot tell the difference.
 */
const PATTERNS: [RegExp, string][] = [
  [/((?:proxy-)?authorization)(\\?["']?\s*[:=]\s*\\?["']?)[^"'\\\r\n,;}]*/gi, `$1$2${REDACTED}`],
  [/((?:x-)?api[_-]?key)(\\?["']?\s*[:=]\s*\\?["']?)[^"'\\\s,;&}]*/gi, `$1$2${REDACTED}`],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=:-]+/gi, `$1 ${REDACTED}`],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, REDACTED],
];

/** The text without the endpoint's API key (also URL- and JSON-escaped) and without anything that looks like a secret. */
export function redactSecrets(text: string, apiKey?: string | null): string {
  let out = text;
  // A very short key would match ordinary words; such keys are still caught by the patterns when labelled.
  if (apiKey && apiKey.length >= 4) {
    for (const form of new Set([apiKey, encodeURIComponent(apiKey), JSON.stringify(apiKey).slice(1, -1)]))
      out = out.split(form).join(REDACTED);
  }
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  return out;
}

/** Remote text made safe to store and show: storable, redacted, at most `max` characters (cut marked with "…"). */
export function remoteText(text: unknown, opts: { apiKey?: string | null; max: number }): string {
  const raw = typeof text === "string" ? text : text == null ? "" : safeString(text);
  // Redact a bounded prefix only: a 64 KB body is read at most, but an error chunk could be larger.
  const clean = redactSecrets(storableText(raw.length > 64_000 ? raw.slice(0, 64_000) : raw), opts.apiKey);
  // The cut may split a surrogate pair: clean once more.
  return clean.length > opts.max ? `${storableText(clean.slice(0, opts.max))}…` : clean;
}

function safeString(v: unknown): string {
  try {
    return typeof v === "object" ? (JSON.stringify(v) ?? "") : String(v);
  } catch {
    return "";
  }
}
