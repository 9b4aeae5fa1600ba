import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { readServerState } from "../../lib/server/server-state";

// Which Lineup the CLI talks to: --url; else the server.json state file a running server leaves in DATA_DIR
// (when it writes one); else http://127.0.0.1:3000. With --start, a fresh server on a temporary data
// directory (the production build must exist: `npm run build`), stopped and removed at the end.

export function serverUrl(flag: string | undefined, dataDir = process.env.DATA_DIR ?? "./data"): string {
  if (flag) return flag.replace(/\/+$/, "");
  // The same reader as the import CLI: a file left by a killed server (its pid gone) is ignored.
  const state = readServerState(dataDir);
  return state ? state.url.replace(/\/+$/, "") : "http://127.0.0.1:3000";
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type Started = { url: string; stop: () => Promise<void> };

export async function startServer(port?: number, log: (line: string) => void = () => {}): Promise<Started> {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("--start needs a production build: run `npm run build` first.");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-cli-"));
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(p), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (d: Buffer) => { tail = (tail + d.toString()).slice(-3000); d.toString().split("\n").filter(Boolean).forEach(log); };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${p}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) { await stop(); throw new Error(`the server exited (${child.exitCode}):\n${tail}`); }
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the server did not answer /api/health within 180 s:\n${tail}`);
}
