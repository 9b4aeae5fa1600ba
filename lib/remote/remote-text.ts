import { storableText } from "../datasets/storable-text";

// Text that came from a remote server (error bodies, mid-stream error chunks, fetch failures, model ids) is
// untrusted: it may echo the request's Authorization header, carry NUL or lone surrogates the database refuses,
// or be megabytes long. `remoteText` is the one gate: cleaned (lib/datasets/storable-text.ts), secrets
// redacted, then cut. Redaction comes before the cut, so a key cut in half is never left half-visible.

export const REDACTED = "[redacted]";
const MIN_KEY = 4;

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

/** The forms a server may echo the key in: as sent, URL- and JSON-escaped. None for a very short key, which would
 * match ordinary words (such keys are still caught by the patterns when labelled). */
function keyForms(apiKey?: string | null): string[] {
  if (!apiKey || apiKey.length < MIN_KEY) return [];
  return [...new Set([apiKey, encodeURIComponent(apiKey), JSON.stringify(apiKey).slice(1, -1)])];
}

const withoutForms = (text: string, forms: string[]) => forms.reduce((t, f) => t.split(f).join(REDACTED), text);

/** The text without the endpoint's API key (also URL- and JSON-escaped) and without anything that looks like a secret. */
export function redactSecrets(text: string, apiKey?: string | null): string {
  let out = withoutForms(text, keyForms(apiKey));
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  return out;
}

/**
 * The endpoint's key taken out of an answer as it streams. A key may arrive split over chunks, so the end of what
 * came so far is held back while it could still be the start of the key, and let out once it cannot (or at the
 * end). Only the key itself is removed: an answer may rightly speak of "Bearer" tokens or `api_key=` settings,
 * which the patterns for error text would blank.
 */
export class StreamingKeyRedactor {
  private readonly forms: string[];
  private held = "";

  constructor(apiKey?: string | null) {
    this.forms = keyForms(apiKey);
  }

  /** What of the text so far can be shown: `chunk` and anything held before it, less what is held now. */
  push(chunk: string): string {
    if (!this.forms.length) return chunk;
    const text = withoutForms(this.held + chunk, this.forms);
    const keep = Math.max(0, ...this.forms.map((f) => partialAtEnd(text, f)));
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** The answer ended. What is held began like the key: the start of the key when the answer was cut inside it (a
   * server cut at the token limit), then redacted from 4 characters on, as a key is; shorter, it is more likely the
   * answer's own last letters, and too little of a key to matter. */
  flush(): string {
    const rest = this.held;
    this.held = "";
    return rest.length >= MIN_KEY ? REDACTED : rest;
  }
}

/** The length of the longest end of `text` that is a start (not the whole) of `form`. */
function partialAtEnd(text: string, form: string): number {
  for (let i = Math.max(0, text.length - form.length + 1); i < text.length; i++)
    if (text.charCodeAt(i) === form.charCodeAt(0) && form.startsWith(text.slice(i))) return text.length - i;
  return 0;
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
