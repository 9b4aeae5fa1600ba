import { spawn } from "node:child_process";
import fs from "node:fs";
import { processWide } from "../../process-wide";
import { childArgs } from "../../process/child-entry";
import type { InspectResult } from "./inspect";
import type { InspectReply } from "./inspect-process";

// Untrusted model files are read in a child process with a heap cap, a resident-memory cap and a time limit,
// so no file can make the server allocate without end or wait for minutes. One child at a time (the machine
// has few cores); files asked for while it runs join the next batch; the same file version is read once
// however many listings ask for it at the same time.

export const INSPECT_HEAP_MB = 256;
/** Resident memory the reader may use, checked every 100 ms; Buffers are outside the heap cap. */
export const INSPECT_RSS_LIMIT_BYTES = 640 * 1024 * 1024;
export const INSPECT_TIME_LIMIT_MS = 10_000;
/** Starting Node, tsx and node-llama-cpp on a busy machine; added to the first file's time limit. */
const STARTUP_ALLOWANCE_MS = 15_000;
/**
 * A file that runs out of time is read once more, alone, with this many times the limit, before it is called
 * damaged: the verdict is stored until the file changes, so a busy machine or a slow disk must not earn it.
 */
const RETRY_FACTOR = 3;


/** A result that says nothing about the file (the reader could not start): not to be cached. */
export type PoolResult = InspectResult & { transient?: boolean };
type Job = { file: string; resolve: (r: PoolResult) => void; retried?: boolean };
type Limits = { fileMs: number; startupMs: number };
type State = { inflight: Map<string, Promise<PoolResult>>; queue: Job[]; running: boolean; limits: Limits };
const DEFAULT_LIMITS: Limits = { fileMs: INSPECT_TIME_LIMIT_MS, startupMs: STARTUP_ALLOWANCE_MS };
const state = processWide<State>("gguf-inspect-pool", () => ({ inflight: new Map(), queue: [], running: false, limits: DEFAULT_LIMITS }));
state.limits ??= DEFAULT_LIMITS; // a state made by an older copy of this module (a development reload)

/** Tests only: shorter limits, so a file that never answers is judged in seconds. */
export function setInspectLimitsForTests(limits: Limits): void {
  state.limits = limits;
}

function childRss(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function runBatch(batch: Job[], fileMs: number): Promise<void> {
  return new Promise((done) => {
    const left = [...batch];
    const child = spawn(process.execPath, [`--max-old-space-size=${INSPECT_HEAP_MB}`, ...childArgs("inspect-process"), ...left.map((j) => j.file)], {
      cwd: process.cwd(),
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    let stopped: string | null = null;
    const stop = (why: string) => {
      stopped ??= why;
      child.kill("SIGKILL");
    };
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString("utf8")).slice(-4000)));
    let timer = setTimeout(() => stop("time"), state.limits.startupMs + fileMs);
    const watch = setInterval(() => {
      if (child.pid && childRss(child.pid) > INSPECT_RSS_LIMIT_BYTES) stop("memory");
    }, 100);
    child.on("message", (reply: InspectReply) => {
      const i = left.findIndex((j) => j.file === reply.file);
      if (i >= 0) left.splice(i, 1)[0].resolve(reply.result);
      clearTimeout(timer);
      timer = setTimeout(() => stop("time"), fileMs);
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      clearTimeout(timer);
      clearInterval(watch);
      const first = left.shift();
      if (spawnError) {
        for (const j of [first!, ...left]) j.resolve({ ok: false, reason: `Lineup could not start its model-header reader (${spawnError.message}).`, transient: true });
        return done();
      }
      if (first && stopped === "time" && !first.retried) {
        state.queue.push({ ...first, retried: true }); // once more, alone and with longer, before any verdict
      } else if (first) {
        const outOfHeap = /heap out of memory|invalid size error|Allocation failed/i.test(stderr);
        const reason = stopped === "time"
          ? `Reading its header took longer than ${state.limits.fileMs / 1000} s, and again longer than ${(state.limits.fileMs * RETRY_FACTOR) / 1000} s ` +
            "with the reader to itself, so Lineup stopped: the file is damaged, not a model, or on a disk that does not answer. " +
            "Download it again; if the machine was only very busy, touch the file and Lineup reads it anew."
          : stopped === "memory" || outOfHeap ? `Reading its header needed more memory than any real model's header (over ${Math.round(INSPECT_RSS_LIMIT_BYTES / 2 ** 20)} MB), so Lineup stopped: the file is damaged or hostile. Download it again.`
          : `Reading its header crashed the reader (${signal ?? `exit code ${code}`}): the file is damaged. Download it again.`;
        first.resolve({ ok: false, reason });
      }
      state.queue.unshift(...left); // the rest get a fresh reader
      done();
    };
    child.on("error", (err) => finish(null, null, err));
    child.on("exit", (code, signal) => finish(code, signal));
  });
}

async function drain() {
  if (state.running) return;
  state.running = true;
  try {
    while (state.queue.length) {
      const retry = state.queue.findIndex((j) => j.retried);
      if (retry >= 0) await runBatch(state.queue.splice(retry, 1), state.limits.fileMs * RETRY_FACTOR);
      else await runBatch(state.queue.splice(0, state.queue.length), state.limits.fileMs);
    }
  } finally {
    state.running = false;
  }
}

/** The file's header facts, read out of process. `key` names the file version (path, size, mtime). */
export function inspectIsolated(file: string, key: string): Promise<PoolResult> {
  let pending = state.inflight.get(key);
  if (!pending) {
    pending = new Promise<PoolResult>((resolve) => state.queue.push({ file, resolve }));
    state.inflight.set(key, pending);
    void pending.finally(() => state.inflight.delete(key));
    void drain();
  }
  return pending;
}
