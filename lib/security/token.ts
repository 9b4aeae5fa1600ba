import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { isLoopbackHost } from "../env";

// Login when exposed: a server listening on anything but loopback requires one shared token. Browsers prove
// it with an HttpOnly, SameSite=Strict cookie set by the login page; scripts send it as a bearer header.
// The cookie holds a hash of the token, not the token itself, so a leaked cookie jar does not reveal it.

export const SESSION_COOKIE = "lineup_session";

export const needsLogin = (bindHost: string) => !isLoopbackHost(bindHost);

/** A token for a server started exposed without LINEUP_TOKEN: printed once at start. */
export const generateToken = () => randomBytes(24).toString("base64url");

export const sessionValue = (token: string) =>
  createHash("sha256").update(`lineup-session:${token}`).digest("base64url");

function same(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y) && a === b;
}

export function bearerOf(headers: Headers): string | null {
  const auth = headers.get("authorization");
  const match = auth?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

export type Credentials = { authenticated: boolean; bearer: boolean };

/** Whether the request holds the token. No token configured (loopback) means everyone is in. */
export function checkCredentials(token: string | undefined, headers: Headers, cookie: string | undefined): Credentials {
  const bearer = bearerOf(headers);
  if (token === undefined) return { authenticated: true, bearer: false };
  if (bearer !== null && same(bearer, token)) return { authenticated: true, bearer: true };
  return { authenticated: cookie !== undefined && same(cookie, sessionValue(token)), bearer: false };
}

export function tokenMatches(token: string | undefined, candidate: string): boolean {
  return token !== undefined && same(candidate, token);
}
