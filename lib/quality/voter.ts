import "server-only";
import { randomBytes } from "node:crypto";

// An anonymous voter id: random, kept in an HttpOnly cookie so page scripts cannot read or forge another's,
// and so several people voting through the same share link each get their own even coverage of pairs.
// It names no one; it only tells one browser's votes from another's.

export const VOTER_COOKIE = "lineup_voter";
const VALID = /^[a-f0-9]{32}$/;

/** The request's voter id, or a new one with the Set-Cookie header that stores it. */
export function voterOf(request: Request): { voter: string; setCookie: string | null } {
  const cookies = request.headers.get("cookie") ?? "";
  const found = cookies
    .split(/;\s*/)
    .map((c) => c.split("="))
    .find(([k]) => k === VOTER_COOKIE)?.[1];
  if (found && VALID.test(found)) return { voter: found, setCookie: null };
  const voter = randomBytes(16).toString("hex");
  return {
    voter,
    setCookie: `${VOTER_COOKIE}=${voter}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${60 * 60 * 24 * 365}`,
  };
}

/** A JSON response that also sets the voter cookie when the request came without one. */
export function jsonWithVoter(body: unknown, setCookie: string | null, status = 200): Response {
  return Response.json(body, { status, headers: setCookie ? { "Set-Cookie": setCookie } : undefined });
}
