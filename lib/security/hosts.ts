import os from "node:os";
import { isLoopbackHost } from "../env";

// DNS rebinding: a hostile page makes its own name resolve to this machine, and the browser then treats our
// answers as its own origin. The Host header still carries the hostile name, so we answer only for names we
// know: loopback, the address we listen on, this machine's own addresses (when listening on all of them), and
// LINEUP_ALLOWED_HOSTS.

/** The host part of a Host header (or URL host), lower case, without port or IPv6 brackets. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colon = h.lastIndexOf(":");
  return colon > 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

/** Every name a request may carry in its Host header to reach this server. */
export function answeringHosts(bindHost: string, extra: string[]): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "::1", hostName(bindHost), ...extra.map(hostName)]);
  if (WILDCARD.has(bindHost)) {
    for (const list of Object.values(os.networkInterfaces()))
      for (const a of list ?? []) names.add(a.address.toLowerCase());
    const machine = os.hostname().toLowerCase();
    names.add(machine);
    names.add(`${machine}.local`);
  }
  return names;
}

export function isAnsweringHost(hostHeader: string | null, allowed: Set<string>): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  return allowed.has(name) || (isLoopbackHost(name) && /^127\.\d+\.\d+\.\d+$/.test(name));
}
