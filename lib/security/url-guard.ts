import type { ErrorCode } from "../errors";

/** Why a request is refused before any route runs. */
export type Refusal = { status: number; code: ErrorCode; message: string };

// Ids and query values with control characters, checked once for every route before any route runs. No id or
// name in Lineup holds one, and the database refuses NUL outright, so "/api/runs/run_%00" reached a query
// and failed as a 500. Path segments may hold no C0 control or DEL at all; query values may hold the
// whitespace a pasted text carries (tab, line feed, carriage return) and nothing else below a space. A
// broken percent-escape ("%E0%A4" cut short, "%zz") is refused too: the route could not decode it.

const PATH_CONTROL = /[\u0000-\u001f\u007f]/;
const QUERY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const shown = (raw: string) => (raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
const codePoint = (text: string, re: RegExp) =>
  `U+${text.match(re)![0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

const refuse = (message: string): Refusal => ({ status: 400, code: "bad_request", message });

/** Why the address (the raw, still percent-encoded path and query) must not reach a route, or null. */
export function urlRefusal(pathname: string, search = ""): Refusal | null {
  for (const segment of pathname.split("/")) {
    const text = decode(segment);
    if (text === null) return refuse(`The address has a broken percent-escape in "${shown(segment)}". Check the link.`);
    if (PATH_CONTROL.test(text)) {
      return refuse(
        `The address part "${shown(segment)}" holds a control character (${codePoint(text, PATH_CONTROL)}); no id or name in Lineup does. Check the link.`,
      );
    }
  }
  for (const pair of search.replace(/^\?/, "").split("&")) {
    if (!pair) continue;
    const [rawName, rawValue = ""] = pair.split(/=(.*)/s);
    const name = decode(rawName.replace(/\+/g, " "));
    const value = decode(rawValue.replace(/\+/g, " "));
    if (name === null || value === null)
      return refuse(`The query has a broken percent-escape in "${shown(pair)}". Check the link.`);
    if (QUERY_CONTROL.test(name))
      return refuse(
        `A query parameter name ("${shown(rawName)}") holds a control character (${codePoint(name, QUERY_CONTROL)}).`,
      );
    if (QUERY_CONTROL.test(value)) {
      return refuse(
        `The query parameter "${shown(rawName)}" holds a control character (${codePoint(value, QUERY_CONTROL)}); remove it and send again.`,
      );
    }
  }
  return null;
}
