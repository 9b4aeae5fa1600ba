import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";

// The embedded database (PGlite, Postgres compiled to WebAssembly) runs each statement to its end on the thread
// that called it. In the server's own thread, one long statement (an HNSW index build over 52,000 rows took 49 s)
// froze every request, the health check and SIGTERM. So PGlite runs on a thread of its own and serves the Postgres
// wire protocol (@electric-sql/pglite-socket) on a Unix socket in a private directory; the server talks to it with
// `pg`, as it talks to a PostgreSQL server. PGlite still runs one statement at a time: queries wait behind a long
// one, but the server's thread stays free (health, live events, pages that need no database, shutdown).

/** Plain JavaScript evaluated in the worker: nothing to bundle or compile; packages resolve from the app's folder. */
const THREAD = `
const { workerData, parentPort } = require("node:worker_threads");
const { dir, socket, startParams, beat } = workerData;
(async () => {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create(dir ?? undefined, { extensions: { vector }, startParams });
  // Creating a database (initdb) leaves hundreds of MB of garbage on this thread's heap (measured: 770 MB
  // resident after a first start, 415 MB once collected). Inserts used to make enough garbage to collect it
  // soon; bulk loads (COPY from a staged file) make almost none, so it stayed. Collect it now.
  require("node:v8").setFlagsFromString("--expose-gc");
  require("node:vm").runInNewContext("gc")();
  const server = new PGLiteSocketServer({ db, path: socket, maxConnections: 64 });
  await server.start();
  // The heartbeat stops while a statement runs: the full-disk watchdog reads it.
  const tick = () => Atomics.store(beat, 0, Math.floor(Date.now() / 1000));
  tick();
  setInterval(tick, 1000);
  parentPort.on("message", async (message) => {
    // A bulk load's rows, as a file in PGlite's own (in-memory) file system for COPY FROM (lib/db/bulk-load.ts).
    if (message && message.stage) {
      const { id, file, bytes, remove } = message.stage;
      try {
        if (remove) db.Module.FS.unlink(file);
        else db.Module.FS.writeFile(file, new Uint8Array(bytes));
        parentPort.postMessage({ staged: id });
      } catch (err) {
        parentPort.postMessage({ staged: id, error: String(err) });
      }
      return;
    }
    if (message !== "close") return;
    try { await server.stop(); await db.close(); } finally { parentPort.postMessage({ closed: true }); }
  });
  parentPort.postMessage({ ready: true, dataDir: db.dataDir ?? null });
})().catch((err) => parentPort.postMessage({ error: String((err && err.stack) || err) }));
`;

/** How long a closing database may take to finish its statement before its thread is stopped. */
const CLOSE_GRACE_MS = 5_000;

export type PgliteThread = {
  /** `pg` connection settings for the socket. */
  connection: { host: string; port: number; user: string; database: string };
  /** Seconds since the epoch of the thread's last idle moment; still while a statement runs. */
  beat: Int32Array;
  /** Puts bytes where the database can read them (`COPY … FROM '<file>'`); returns the file's path there. */
  stage: (bytes: Buffer) => Promise<string>;
  unstage: (file: string) => Promise<void>;
  close: () => Promise<void>;
};

export async function startPgliteThread(dir: string | null, startParams: string[]): Promise<PgliteThread> {
  // A private directory (mode 0700) for the socket: only this user's processes can reach the database.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-db-"));
  const port = 5432;
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { dir, socket: path.join(socketDir, `.s.PGSQL.${port}`), startParams, beat },
  });
  const removeSocketDir = () => fs.rmSync(socketDir, { recursive: true, force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (code) =>
        reject(new Error(`the embedded database's thread exited (code ${code}) while starting`)),
      );
      worker.once("message", (message: { ready?: boolean; error?: string }) =>
        message.ready ? resolve() : reject(new Error(message.error ?? "the embedded database did not start")),
      );
    });
  } catch (err) {
    await worker.terminate();
    removeSocketDir();
    throw err;
  }
  worker.removeAllListeners("exit");
  worker.removeAllListeners("error");
  // A crash of the thread after start shows up as refused connections; say why in the log as well.
  worker.on("error", (err) =>
    process.stderr.write(`[lineup] ERROR the embedded database's thread failed: ${err.stack ?? err}\n`),
  );
  let staged = 0;
  const stageMessage = (stage: { file: string; bytes?: ArrayBuffer; remove?: boolean }) => {
    const id = ++staged;
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        worker.off("message", onMessage);
        worker.off("exit", onExit);
      };
      const onMessage = (m: { staged?: number; error?: string }) => {
        if (m.staged !== id) return;
        done();
        if (m.error) reject(new Error(`staging a bulk load failed: ${m.error}`));
        else resolve();
      };
      // A thread that is gone never answers: fail the write instead of waiting for good.
      const onExit = () => {
        done();
        reject(new Error("the embedded database's thread has stopped"));
      };
      worker.on("message", onMessage);
      worker.on("exit", onExit);
      worker.postMessage({ stage: { id, ...stage } }, stage.bytes ? [stage.bytes] : []);
    });
  };
  return {
    connection: { host: socketDir, port, user: "postgres", database: "postgres" },
    beat,
    stage: async (bytes) => {
      const file = `/tmp/lineup-load-${process.pid}-${staged + 1}.bin`;
      // Transferred, not copied: a fresh buffer the worker takes over.
      const own = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      await stageMessage({ file, bytes: own });
      return file;
    },
    unstage: (file) => stageMessage({ file, remove: true }),
    close: async () => {
      const closed = new Promise<void>((resolve) => worker.once("message", () => resolve()));
      worker.postMessage("close");
      const timer = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([closed, timer]);
      await worker.terminate();
      removeSocketDir();
    },
  };
}
