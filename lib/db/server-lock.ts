import "server-only";
import os from "node:os";
import pg from "pg";
import { AppError } from "../errors";
import { log } from "../log";

// One Lineup server per Postgres database (advisory locks are scoped to a database, not the cluster), as one per PGlite data directory. Runs execute inside the server
// that queued them and their live events come from its memory, so a second server on the same database would
// run the same queued runs twice (each resumes "queued" runs at start) and show its viewers frozen pages.
// The first server holds a session-level advisory lock on a dedicated connection; a second one is refused at
// start with a message naming the holder. Postgres drops the lock when the holder's connection ends, also when
// the process is killed, so a crashed server never leaves a stale lock behind.

const LOCK_KEY = 0x4c4e5550; // "LNUP"
const RECONNECT_MS = 2000;

export type ServerLock = { release: () => Promise<void> };

const identity = () => `lineup pid ${process.pid} on ${os.hostname()}`.slice(0, 63);

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: identity() });
  // Listening from the start: a connection dropped between connecting and watch() must not be an uncaught error.
  client.on("error", () => {});
  await client.connect();
  return client;
}

async function tryLock(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [LOCK_KEY]);
  return rows[0].locked;
}

async function holderOf(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ application_name: string; client_addr: string | null; backend_start: Date }>(
    `select a.application_name, a.client_addr::text, a.backend_start from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.objid = $1 and l.granted
       and l.database = (select oid from pg_database where datname = current_database()) limit 1`,
    [LOCK_KEY],
  );
  const h = rows[0];
  if (!h) return "another Lineup server";
  return `${h.application_name || "a client"}${h.client_addr ? ` from ${h.client_addr}` : ""}, connected since ${h.backend_start.toISOString()}`;
}

/** Takes the database for this server, or throws `locked` naming the server that has it. */
export async function acquireServerLock(url: string, where: string): Promise<ServerLock> {
  let client = await connect(url);
  if (!(await tryLock(client))) {
    const holder = await holderOf(client);
    await client.end();
    throw new AppError(
      "locked",
      `The database ${where} is in use by another Lineup server (${holder}). One server per database: stop that ` +
        "server, or point DATABASE_URL at another database.",
    );
  }
  let released = false;
  // If the lock's connection drops, take the lock again on a new one, so a later second server is still refused.
  const watch = (c: pg.Client) => {
    c.on("error", (err) => log.warn(`the database lock's connection was lost (${err.message}); taking the lock again`));
    c.on("end", () => {
      if (released) return;
      const retry = async () => {
        if (released) return;
        let next: pg.Client | null = null;
        try {
          next = await connect(url);
          if (await tryLock(next)) {
            client = next;
            watch(next);
            log.info("database lock taken again");
            return;
          }
          log.error(
            `another Lineup server took the database ${where} (${await holderOf(next)}) while this one's connection was down; stop one of them`,
          );
          await next.end();
        } catch (err) {
          log.warn(`cannot take the database lock again yet (${(err as Error).message})`);
          await next?.end().catch(() => {}); // a connection that failed half-way is closed, not leaked
        }
        setTimeout(retry, RECONNECT_MS).unref();
      };
      setTimeout(retry, 100).unref();
    });
  };
  watch(client);
  return {
    release: async () => {
      released = true;
      await client.end().catch(() => {});
    },
  };
}
