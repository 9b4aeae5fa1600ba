import { hostName, isAnsweringHost } from "./hosts";
import { urlRefusal, type Refusal } from "./url-guard";

// Decides, before any route runs, whether a request may reach the app. Only our own pages may change state:
// a browser attaches Origin (and Sec-Fetch-Site) to every POST, and another site's page cannot forge them, so
// a cross-site form or no-cors fetch is refused here. Non-browser clients (the import CLI, benchmarks, curl)
// send an Origin naming the server, or a bearer token. Bodies must carry the type their endpoint reads, so a
// `text/plain` form can never be taken for JSON.

export const JSON_BODY_LIMIT_BYTES = 256 * 1024;
/** Content types an upload may declare; browsers send the first, some Windows set-ups the last. */
export const CSV_TYPES = ["text/csv", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel"];

export type GuardInput = {
  method: string;
  /** The path and query as sent, still percent-encoded. */
  pathname: string;
  search?: string;
  headers: Headers;
  allowedHosts: Set<string>;
  /** Whether the caller proved it holds the login token (cookie or bearer), or no login is needed. */
  authenticated: boolean;
  /** Whether that proof came as an Authorization header, which no other site can make a browser send. */
  bearer: boolean;
  uploadLimitBytes: number;
};

export type { Refusal } from "./url-guard";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Paths that work without the login token: the login itself and what its page needs to render. */
const PUBLIC_PATHS = [/^\/login\/?$/, /^\/api\/login\/?$/, /^\/_next\/static\//, /^\/icon\.svg$/, /^\/favicon\.ico$/];

export const isPublicPath = (pathname: string) => PUBLIC_PATHS.some((re) => re.test(pathname));

function mediaType(headers: Headers): string {
  return (headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  return (length !== null && length !== "0") || headers.has("transfer-encoding");
}

function originRefusal(input: GuardInput): Refusal | null {
  const { headers } = input;
  const origin = headers.get("origin");
  const site = headers.get("sec-fetch-site");
  const refuse = (why: string): Refusal => ({
    status: 403,
    code: "forbidden",
    message: `${why} Lineup only accepts changes from its own pages. Scripts: send "Origin: http://<this server>" or the login token as "Authorization: Bearer <token>".`,
  });
  if (origin !== null) {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return refuse(`The request came from an opaque origin ("${origin}").`);
    }
    const host = headers.get("host") ?? "";
    if (originHost.toLowerCase() !== host.toLowerCase() || !isAnsweringHost(originHost, input.allowedHosts)) {
      return refuse(`The request came from another site (${origin}).`);
    }
    return null;
  }
  if (site !== null)
    return site === "same-origin" || site === "none"
      ? null
      : refuse(`The request came from another site (Sec-Fetch-Site: ${site}).`);
  return input.bearer ? null : refuse("The request names no origin.");
}

function bodyRefusal(input: GuardInput): Refusal | null {
  const { headers, pathname } = input;
  const type = mediaType(headers);
  const length = Number(headers.get("content-length") ?? "0");
  if (/^\/api\/uploads\/?$/.test(pathname)) {
    if (!CSV_TYPES.includes(type)) {
      return {
        status: 415,
        code: "unsupported",
        message: `An upload must be sent as CSV (Content-Type ${CSV_TYPES.join(", ")}); got "${type || "none"}".`,
      };
    }
    return null; // the upload route enforces its own (larger) limit while streaming
  }
  const needsBody = /^\/api\/(runs|datasets|login)\/?$/.test(pathname);
  // Actions (cancel, resume, rerun) take no body; anything declared or sent must still be JSON.
  if (!needsBody && !hasBody(headers) && !type) return null;
  if (type !== "application/json") {
    return {
      status: 415,
      code: "unsupported",
      message: `This endpoint reads JSON: send Content-Type application/json; got "${type || "none"}".`,
    };
  }
  if (Number.isFinite(length) && length > JSON_BODY_LIMIT_BYTES) {
    return {
      status: 413,
      code: "too_large",
      message: `The request body is ${length.toLocaleString("en")} bytes; JSON requests are limited to ${JSON_BODY_LIMIT_BYTES / 1024} KB.`,
    };
  }
  return null;
}

/** Why a request must not go further, or null when it may. Checked in this order: host, login, address, origin, body. */
export function guardRequest(input: GuardInput): Refusal | null {
  const host = input.headers.get("host");
  if (!isAnsweringHost(host, input.allowedHosts)) {
    return {
      status: 421,
      code: "misdirected",
      message: `This Lineup server does not answer for "${host ? hostName(host) : "(no host)"}". Open it by its own address, or add the name to LINEUP_ALLOWED_HOSTS and restart.`,
    };
  }
  if (!input.authenticated && !isPublicPath(input.pathname)) {
    return {
      status: 401,
      code: "unauthorized",
      message:
        'This Lineup server needs its login token: sign in at /login, or send it as "Authorization: Bearer <token>".',
    };
  }
  const address = urlRefusal(input.pathname, input.search);
  if (address) return address;
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  return originRefusal(input) ?? bodyRefusal(input);
}
