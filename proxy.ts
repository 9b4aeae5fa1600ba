import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { API_CSP, newNonce, pageCsp, SECURITY_HEADERS } from "@/lib/security/csp";
import { answeringHosts } from "@/lib/security/hosts";
import { guardRequest } from "@/lib/security/request-guard";
import { checkCredentials, SESSION_COOKIE } from "@/lib/security/token";

// Next's proxy (formerly middleware) sees every request before any route: it refuses what must not reach the
// app (lib/security/request-guard.ts says what and why) and puts the security headers on every answer.

let hosts: Set<string> | undefined;

const isPage = (pathname: string) => !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(pathname);

function secured(response: NextResponse, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/**
 * Reads (and drops) a refused request's small body before answering: answering while the browser is still
 * sending makes the connection reset, and the browser then sees a network error instead of our refusal.
 * Large or endless bodies are not read: the connection is closed on them instead.
 */
async function drainSmallBody(request: NextRequest): Promise<void> {
  if (!request.body) return;
  const reader = request.body.getReader();
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

export async function proxy(request: NextRequest) {
  const settings = env();
  hosts ??= answeringHosts(settings.host, settings.allowedHosts);
  const { pathname, search } = request.nextUrl;
  const credentials = checkCredentials(settings.token, request.headers, request.cookies.get(SESSION_COOKIE)?.value);
  const refusal = guardRequest({
    method: request.method, pathname, headers: request.headers, allowedHosts: hosts,
    ...credentials, uploadLimitBytes: settings.uploadLimitBytes,
  });
  if (refusal) {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared <= DRAIN_LIMIT_BYTES) await drainSmallBody(request);
    if (refusal.code === "unauthorized" && isPage(pathname) && request.method === "GET") {
      const login = new URL("/login", request.url);
      login.searchParams.set("next", pathname + search);
      return secured(NextResponse.redirect(login, 303), API_CSP);
    }
    return secured(NextResponse.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status }), API_CSP);
  }
  if (!isPage(pathname)) return secured(NextResponse.next(), API_CSP);
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const csp = pageCsp(newNonce(), settings.nodeEnv === "development");
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  return secured(NextResponse.next({ request: { headers } }), csp);
}
