import "server-only";
import pg from "pg";
import { log } from "../log";

// A Postgres server can drop connections under us: a restart, a failover, an administrator's
// pg_terminate_backend, a network blip. pg's Pool then (a) emits "error" for an idle client, which crashes the
// process when nobody listens, and (b) fails the query that was in flight. This pool logs (a) and retries (b)
// for statements outside a transaction when the failure says the statement never ran to completion on a live
// connection. Our writes are idempotent (inserts use ON CONFLICT DO NOTHING, updates set absolute values), so a
// retry after an unlucky drop cannot duplicate anything. Transactions are not retried: their caller sees the error.

const RETRY_DELAYS_MS = [100, 500, 2000];

/** SQLSTATE 57P01-03 (terminated by administrator, crash, cannot connect now) and class 08 (connection exception). */
export function isConnectionLoss(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && (/^57P0[123]$/.test(e.code) || e.code.startsWith("08"))) return true;
  if (e.code === "ECONNRESET" || e.code === "ECONNREFUSED" || e.code === "EPIPE") return true;
  return /Connection terminated|terminating connection|Client has encountered a connection error/i.test(
    e.message ?? "",
  );
}

export class ResilientPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    this.on("error", (err) =>
      log.warn(`a pooled Postgres connection was lost (${err.message}); the next query opens a new one`),
    );
    // A client checked out of the pool (a drizzle transaction between its statements) has no "error" listener of
    // pg-pool's, so a server's "terminating connection" arriving then was an uncaught exception that killed the
    // process. Every client gets a permanent listener; the loss still fails that client's next statement, and
    // pg-pool drops the broken client when it is released.
    this.on("connect", (client) => client.on("error", () => {}));
  }

  // drizzle calls query(config, params) for every statement outside a transaction.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    if (typeof args[args.length - 1] === "function") return (super.query as (...a: unknown[]) => unknown)(...args);
    const attempt = async (n: number): Promise<unknown> => {
      try {
        return await (super.query as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      } catch (err) {
        if (n >= RETRY_DELAYS_MS.length || !isConnectionLoss(err)) throw err;
        log.warn(
          `Postgres connection lost during a query (${(err as Error).message}); retrying in ${RETRY_DELAYS_MS[n]} ms`,
        );
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[n]));
        return attempt(n + 1);
      }
    };
    return attempt(0);
  }
}
