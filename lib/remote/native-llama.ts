import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Where `npm run llama:build` (scripts/llama-build.sh) puts native llama.cpp, and how to start its llama-server.
// The cache key is the same as the script's: node-llama-cpp's release tag plus the commit inside its bundle.
// Used by the llama-server engine (lib/backends/llama-server/), the integration tests and bench/native.ts.

export function llamaBuildDir(root = process.cwd()): string {
  const pkg = path.join(root, "node_modules/node-llama-cpp/llama");
  const tag =
    (JSON.parse(fs.readFileSync(path.join(pkg, "llama.cpp.info.json"), "utf8")) as { tag?: string }).tag ?? "unknown";
  const commit = execFileSync("git", ["bundle", "list-heads", path.join(pkg, "gitRelease.bundle")], {
    encoding: "utf8",
  })
    .split(/\s+/)[0]
    .slice(0, 12);
  const cache = process.env.LINEUP_LLAMA_CACHE ?? path.join(os.homedir(), ".cache/lineup/llama.cpp");
  return path.join(cache, `${tag}-${commit}`, "build", "bin");
}

/** The path of a built native binary, or null with the reason it is missing. */
export function nativeBinary(
  name: "llama-server" | "llama-bench" | "ggml-rpc-server",
): { path: string } | { path: null; reason: string } {
  let bin: string;
  try {
    bin = path.join(llamaBuildDir(), name);
  } catch (err) {
    return {
      path: null,
      reason: `the llama.cpp build cannot be located (${(err as Error).message.split("\n")[0]}): run \`npm run llama:build\` first (needs git, cmake and g++).`,
    };
  }
  return fs.existsSync(bin)
    ? { path: bin }
    : { path: null, reason: `${bin} is missing: run \`npm run llama:build\` first (needs cmake and g++).` };
}

export type LlamaServer = { url: string; process: ChildProcess; stop: () => Promise<void> };

/** SIGTERM, up to `graceMs` to exit, then SIGKILL. */
async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** Starts llama-server on a GGUF and waits until /health answers 200 (the model is loaded). */
export async function startLlamaServer(
  bin: string,
  model: string,
  opts: {
    port: number;
    threads: number;
    contextSize: number;
    alias: string;
    extraArgs?: string[];
    signal?: AbortSignal;
    readyWithinMs?: number;
  },
): Promise<LlamaServer> {
  // Another server already on the port would answer /health for this one: refuse rather than measure it.
  const busy = await fetch(`http://127.0.0.1:${opts.port}/health`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${opts.port} is already in use: stop what listens there or choose another port.`);
  const args = [
    "-m",
    model,
    "-t",
    String(opts.threads),
    "-c",
    String(opts.contextSize),
    "--host",
    "127.0.0.1",
    "--port",
    String(opts.port),
    "--alias",
    opts.alias,
    "--metrics",
    "-np",
    "1",
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  // A binary that cannot start (permissions, a missing library) must not become an uncaught "error" event.
  child.on("error", (err) => {
    log += `\n${err.message}`;
  });
  child.stderr?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = () => stopChild(child);
  const readyWithinMs = opts.readyWithinMs ?? 60_000;
  const deadline = Date.now() + readyWithinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`llama-server exited (${child.exitCode ?? child.signalCode}): ${log.slice(-800)}`);
    if (opts.signal?.aborted) {
      await stop();
      throw new Error("cancelled while llama-server was loading the model");
    }
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok)
        return { url, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(
    `llama-server did not become healthy within ${Math.round(readyWithinMs / 1000)} s: ${log.slice(-800)}`,
  );
}

export type RpcServer = { port: number; log: () => string; stop: () => Promise<void> };

/** One ggml-rpc-server (llama.cpp's RPC backend) on loopback; llama-server reaches it with `--rpc host:port`. */
export async function startRpcServer(bin: string, port: number): Promise<RpcServer> {
  const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port), "-t", "1"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 15_000;
  while (!log.includes("endpoint") && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`ggml-rpc-server exited (${child.exitCode}): ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    log: () => log,
    stop: () => stopChild(child),
  };
}
