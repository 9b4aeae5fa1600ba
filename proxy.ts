import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { newNonce, pageCsp, API_CSP } from "@/lib/security/csp";
import { isPage, refusalFor, secured } from "@/lib/security/gate";

// Next's proxy (formerly middleware) sees every request before any route: it refuses what must not reach the
// app (lib/security/gate.ts) and puts the security headers on every answer. The CSV upload is left out: Next
// buffers a proxied body in memory, so that route streams its body to disk and runs the same gate itself.

export const config = { matcher: ["/((?!api/uploads(?:/|$)).*)"] };

export async function proxy(request: NextRequest) {
  const refused = await refusalFor(request);
  if (refused) return refused;
  if (!isPage(request.nextUrl.pathname)) return secured(NextResponse.next(), API_CSP);
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const csp = pageCsp(newNonce(), env().nodeEnv === "development");
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  return secured(NextResponse.next({ request: { headers } }), csp);
}
