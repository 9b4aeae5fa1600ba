import { spawn, type ChildProcess } from "node:child_process";

// A Lineup server of the test's own (beside the suite's webServer), for flows that stop and restart one.

export type LineupServer = { url: string; output: () => string; kill: (signal?: NodeJS.Signals) => Promise<void> };

export async function startLineupServer(env: Record<string, string>, port: number): Promise<LineupServer> {
  const child: ChildProcess = spawn("npm", ["start"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a kill reaches next-server and the model workers too
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    kill: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, signal);
      await exited;
    },
  };
}

/** Headers our own pages send: same origin, JSON. */
export const sameOrigin = (url: string, type = "application/json") => ({ Origin: url, "Content-Type": type });
