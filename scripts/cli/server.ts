import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { env } from "../../lib/env";
import { readServerState, serverUrl } from "../../lib/server/server-state";
import { startLineupServer, type LineupServer } from "../../lib/server/spawn-server";

// Which Lineup the CLI talks to: --url; else the server.json state file a running server leaves in DATA_DIR
// (when it writes one); else HOST and PORT (http://127.0.0.1:3000 by default). With --start, a fresh server on a temporary data
// directory (the production build must exist: `npm run build`), stopped and removed at the end.

export function targetUrl(flag: string | undefined): string {
  if (flag) return flag.replace(/\/+$/, "");
  // As the import CLI finds it: DATA_DIR, HOST and PORT as the server reads them (lib/env.ts); a file left by a
  // killed server (its pid gone) is ignored.
  const { host, port, dataDir } = env();
  return (readServerState(dataDir)?.url ?? serverUrl(host, port)).replace(/\/+$/, "");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
  });
}

export type Started = { url: string; stop: () => Promise<void> };

export async function startServer(port?: number, log: (line: string) => void = () => {}): Promise<Started> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID")))
    throw new Error("--start needs a production build: run `npm run build` first.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-cli-"));
  const removeData = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let server: LineupServer;
  try {
    server = await startLineupServer({ DATA_DIR: dataDir }, port ?? (await freePort()), { timeoutMs: 180_000, log });
  } catch (err) {
    removeData();
    throw err;
  }
  const stop = async () => {
    // A clean stop first; a server that does not stop within 10 s is killed.
    const timer = setTimeout(() => void server.kill("SIGKILL").catch(() => {}), 10_000);
    await server.kill("SIGTERM").catch(() => {});
    clearTimeout(timer);
    removeData();
  };
  return { url: server.url, stop };
}
