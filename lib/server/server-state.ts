import fs from "node:fs";
import path from "node:path";

// A running server leaves its URL in DATA_DIR/server.json, so scripts (the import CLI) find it without being
// told the port. Written when the server has booted, removed when it exits; a file left by a killed server is
// recognised by its dead pid and ignored. Not "server-only": the CLI reads it.

export const SERVER_STATE_FILE = "server.json";
export type ServerState = { url: string; pid: number; startedAt: string };

/** The URL scripts use to reach a server listening on `host`: a wildcard address is reached on loopback. */
export function serverUrl(host: string, port: number): string {
  const reach = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reach.includes(":") ? `[${reach}]` : reach}:${port}`;
}

export function writeServerState(dataDir: string, url: string): void {
  const file = path.join(dataDir, SERVER_STATE_FILE);
  const state: ServerState = { url, pid: process.pid, startedAt: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + "\n", { mode: 0o644 });
  process.on("exit", () => {
    // Only our own file: a second process must not remove the state of the server that owns the directory.
    if (readRaw(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  });
}

function readRaw(file: string): ServerState | null {
  try {
    const s = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<ServerState>;
    return typeof s.url === "string" && /^http:\/\//.test(s.url) && Number.isInteger(s.pid) ? (s as ServerState) : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, but someone else's
  }
}

/** The running server of this data directory, or null (no file, unreadable, or its process is gone). */
export function readServerState(dataDir: string): ServerState | null {
  const state = readRaw(path.join(dataDir, SERVER_STATE_FILE));
  return state && alive(state.pid) ? state : null;
}
