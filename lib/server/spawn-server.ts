import { spawn, type ChildProcess } from "node:child_process";

// A Lineup server started as a user starts one (`npm start`, with its memory tuning), for the run CLI's --start
// and for tests that stop and restart a server. Not "server-only": scripts and tests use it.

export type LineupServer = { url: string; output: () => string; kill: (signal?: NodeJS.Signals) => Promise<void> };

export async function startLineupServer(
  env: Record<string, string>,
  port: number,
  { timeoutMs = 120_000, log }: { timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<LineupServer> {
  const child: ChildProcess = spawn("npm", ["start"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a kill reaches next-server and the model workers too
  });
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
    if (log) d.toString().split("\n").filter(Boolean).forEach(log);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const kill = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, signal);
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.slice(-3000)}`);
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill("SIGKILL");
      throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => output, kill };
}
