import "server-only";
import { log } from "../log";
import { processWide } from "../process-wide";

// Failed token checks are limited, so a token cannot be guessed at request speed (200 wrong bearer tokens in
// 4.9 s were measured). A client gets LIMIT.perClient failed checks per window; past that its checks are
// refused (429) unchecked until the oldest failure leaves the window, so the right token guessed while refused
// proves nothing. The client is the last X-Forwarded-For entry: Next fills it from the socket, but keeps one
// a client sent, so a guesser can claim other addresses. The overall bucket catches that: all clients together
// get LIMIT.overall failures per window (and a request without any address counts only there).
// Shared by the proxy and the login route through the process-wide registry: Next may load them as separate
// module instances, and a counter per instance would let half the guesses through uncounted.

export const LOGIN_LIMIT = { perClient: 10, overall: 100, windowMs: 60_000 };
/** Clients tracked at once; beyond it only the overall bucket counts new ones (addresses are free to invent). */
const MAX_CLIENTS = 10_000;
const OVERALL = "*";

export class FailureLimit {
  /** Per key, the times of its latest failures (at most its limit), oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits = LOGIN_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(client: string | null): [string, number][] {
    const overall: [string, number] = [OVERALL, this.limits.overall];
    return client === null ? [overall] : [[`ip:${client}`, this.limits.perClient], overall];
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Whole seconds until this client may try a token again; 0 when it may now. */
  retryAfter(client: string | null): number {
    let waitMs = 0;
    for (const [key, limit] of this.keys(client)) {
      const times = this.recent(key);
      if (times.length >= limit)
        waitMs = Math.max(waitMs, times[times.length - limit] + this.limits.windowMs - this.now());
    }
    return Math.ceil(waitMs / 1000);
  }

  fail(client: string | null): void {
    for (const [key, limit] of this.keys(client)) {
      if (!this.failures.has(key) && this.failures.size >= MAX_CLIENTS) this.sweep();
      if (!this.failures.has(key) && this.failures.size >= MAX_CLIENTS) continue;
      const before = this.recent(key);
      const times = [...before, this.now()].slice(-limit);
      this.failures.set(key, times);
      if (before.length < limit && times.length === limit)
        log.warn(
          `login: ${limit} failed token checks from ${key === OVERALL ? "all clients together" : key.slice(3)} within ${this.limits.windowMs / 1000} s; further attempts wait`,
        );
    }
  }

  /** A right token clears the client's own failures (not the overall count, which others share). */
  succeed(client: string | null): void {
    if (client !== null) this.failures.delete(`ip:${client}`);
  }

  private sweep() {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}

/** The process's one limit, shared by the proxy and the login route. */
export const loginLimit = () => processWide("login-limit", () => new FailureLimit());

/** The address the request came from, as far as Next knows it; null when it names none. */
export function clientOf(headers: Headers): string | null {
  const last = headers.get("x-forwarded-for")?.split(",").pop()?.trim();
  return last ? last.slice(0, 64) : null;
}

export function tooManyAttempts(seconds: number) {
  return {
    status: 429,
    code: "rate_limited" as const,
    message: `Too many wrong tokens from here: wait ${seconds} s before trying again. The token was printed when the server started (or is the LINEUP_TOKEN it was given).`,
    headers: { "Retry-After": String(seconds) },
  };
}
