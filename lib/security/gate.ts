import { NextResponse, type NextRequest } from "next/server";
import { env } from "../env";
import { API_CSP, SECURITY_HEADERS } from "./csp";
import { answeringHosts } from "./hosts";
import { clientOf, loginLimit, tooManyAttempts } from "./login-limit";
import { guardRequest, isPublicPath } from "./request-guard";
import { safeNext } from "./safe-next";
import { bearerOf, checkCredentials, SESSION_COOKIE } from "./token";

// The gate every request passes before any route runs: host, login (with its guess limit), address, origin and
// body checks (request-guard.ts says what and why). proxy.ts runs it for every path but one: the CSV upload,
// whose route runs it itself, since Next copies a proxied body into memory whole (a 200 MB upload peaked the
// server at 1.6 GB) and the upload must stream to disk instead.

let hosts: Set<string> | undefined;

export const isPage = (pathname: string) =>
  !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(pathname);

export function secured(response: NextResponse, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/**
 * Reads (and drops) a refused request's small body before answering: answering while the browser is still
 * sending makes the connection reset, and the browser then sees a network error instead of our refusal.
 * Large or endless bodies are not read: the connection is closed on them instead.
 */
async function drainSmallBody(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let bytes = 0;
  try {
    while (bytes <= DRAIN_LIMIT_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.length;
    }
  } catch {
    // the client went away: nothing to drain
  } finally {
    await reader.cancel().catch(() => {});
  }
}

const DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * The refusal to send for this request, with the security headers on, or null when it may reach its route.
 * `body` is where the request's body is read from, if it is refused (the upload route passes its own).
 */
export async function refusalFor(
  request: NextRequest,
  body: ReadableStream<Uint8Array> | null = request.body,
): Promise<NextResponse | null> {
  const settings = env();
  hosts ??= answeringHosts(settings.host, settings.allowedHosts);
  const { pathname, search } = request.nextUrl;
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  // A token presented where one is needed is a guess until it matches: counted, and refused past the limit.
  const guess =
    settings.token !== undefined &&
    !isPublicPath(pathname) &&
    (cookie !== undefined || bearerOf(request.headers) !== null);
  const client = clientOf(request.headers);
  const wait = guess ? loginLimit().retryAfter(client) : 0;
  if (wait > 0) {
    if (Number(request.headers.get("content-length") ?? "0") <= DRAIN_LIMIT_BYTES) await drainSmallBody(body);
    const { status, code, message, headers } = tooManyAttempts(wait);
    return secured(NextResponse.json({ error: { code, message } }, { status, headers }), API_CSP);
  }
  const credentials = checkCredentials(settings.token, request.headers, cookie);
  if (guess && credentials.authenticated) loginLimit().succeed(client);
  else if (guess) loginLimit().fail(client);
  const refusal = guardRequest({
    method: request.method,
    pathname,
    search,
    headers: request.headers,
    allowedHosts: hosts,
    ...credentials,
    uploadLimitBytes: settings.uploadLimitBytes,
  });
  if (refusal) {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared <= DRAIN_LIMIT_BYTES) await drainSmallBody(body);
    let response: NextResponse;
    if (refusal.code === "unauthorized" && isPage(pathname) && request.method === "GET") {
      const login = new URL("/login", request.url);
      login.searchParams.set("next", safeNext(pathname + search));
      response = NextResponse.redirect(login, 303);
    } else {
      response = NextResponse.json(
        { error: { code: refusal.code, message: refusal.message } },
        { status: refusal.status },
      );
    }
    // A session cookie from an old token would be counted as a wrong guess on every request: drop it once.
    if (refusal.code === "unauthorized" && cookie !== undefined)
      response.cookies.set(SESSION_COOKIE, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "strict" });
    return secured(response, API_CSP);
  }
  return null;
}
