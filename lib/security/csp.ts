import { randomBytes } from "node:crypto";

// Content-Security-Policy for pages: scripts only from this origin and Next's inline scripts that carry the
// per-request nonce (Next reads the nonce from this header while rendering). Styles allow inline because
// React renders `style` attributes (charts, progress bars), which nonces cannot cover; style injection cannot
// run code. API answers (JSON, SSE, exports) get a policy that allows nothing to run at all.

export const newNonce = () => randomBytes(16).toString("base64");

export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For everything that is not a page: nothing runs, nothing loads, nothing frames it. */
export const API_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};
