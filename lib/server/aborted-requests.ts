import diagnostics_channel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

// A client that goes away mid-request (a browser that blocks another site's answer by its
// Cross-Origin-Resource-Policy, a tab closed during an upload, a killed script) makes Node destroy the request
// with "Error: aborted" (ECONNRESET). With a proxy (proxy.ts) in place, Next.js lets that error reach the
// process as an uncaughtException, which it logs (vercel/next.js#49587, #56529, #84649; seen here with 16.4.6):
// its proxy replaces the request's body stream by copying another stream's fields onto it
// (body-streams.js, replaceRequestBody), `_events` and `emit` included, so the request is left with no 'error'
// listener and any listener added to it earlier is dropped. An 'error' with no listener throws.
//
// So every request, as Node creates it (its diagnostics channel, published before the server's 'request'
// event), gets an `emit` that drops an abort nobody listens for. `emit` is an accessor: when Next copies its
// own `emit` onto the request, that one is kept and called inside. Every other event, and an abort that has
// listeners (a route reading the body), passes unchanged.

let installed = false;

const isAbort = (value: unknown) => (value as NodeJS.ErrnoException | undefined)?.code === "ECONNRESET";

function quietAborts(request: IncomingMessage): void {
  let inner: IncomingMessage["emit"] = request.emit;
  function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "error" && isAbort(args[0]) && request.listenerCount("error") === 0) return false;
    return inner.call(request, event, ...args);
  }
  Object.defineProperty(request, "emit", {
    configurable: true,
    enumerable: false,
    get: () => emit,
    set: (next: IncomingMessage["emit"]) => void (inner = next),
  });
}

/** Makes a client's aborted request end quietly instead of as an uncaughtException. Idempotent. */
export function quietAbortedRequests(): void {
  if (installed) return;
  installed = true;
  diagnostics_channel.subscribe("http.server.request.start", (message) => {
    quietAborts((message as { request: IncomingMessage }).request);
  });
}
