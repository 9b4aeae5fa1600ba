import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { GenerateRequest, GenerationResult, LoadedInfo, WorkerEvent, WorkerRequest } from "./protocol";

/** A worker that died: its reason is llama.cpp's last words or the signal that ended it. */
export class WorkerExitedError extends Error {
  constructor(message: string, readonly exitCode: number | null, readonly signal: NodeJS.Signals | null) {
    super(message);
    this.name = "WorkerExitedError";
  }
}

type Pending = { resolve: (value: never) => void; reject: (err: Error) => void; onToken?: (t: number, text: string, at: number) => void };
type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

const CHILD = path.join(process.cwd(), "lib", "models", "worker", "child.ts");
const FATAL_LINE = /GGML_ASSERT|error|abort|terminate|fault|failed/i;

/** The server's handle on one model worker process. */
export class ModelWorker {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly lastOutput: string[] = [];
  private exitError: WorkerExitedError | undefined;
  readonly exited: Promise<WorkerExitedError>;

  private constructor(private readonly child: ChildProcess) {
    const remember = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) this.lastOutput.push(line.trim());
      }
      this.lastOutput.splice(0, Math.max(0, this.lastOutput.length - 30));
    };
    child.stdout?.on("data", remember);
    child.stderr?.on("data", remember);
    child.on("message", (event: WorkerEvent) => this.onEvent(event));
    this.exited = new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        const said = this.lastOutput.filter((l) => FATAL_LINE.test(l)).slice(-2).join(" | ");
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        this.exitError = new WorkerExitedError(`The model worker ${how}${said ? `: ${said}` : ""}`, code, signal);
        for (const p of this.pending.values()) p.reject(this.exitError);
        this.pending.clear();
        resolve(this.exitError);
      });
    });
  }

  /** Starts a worker process and waits until it is ready for requests. */
  static async start(): Promise<ModelWorker> {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const worker = new ModelWorker(child);
    await new Promise<void>((resolve, reject) => {
      const onReady = (event: WorkerEvent) => {
        if (event.type === "ready") {
          child.off("message", onReady);
          resolve();
        }
      };
      child.on("message", onReady);
      worker.exited.then(reject);
    });
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitError === undefined;
  }

  private onEvent(event: WorkerEvent) {
    if (event.type === "ready" || event.type === "log") return;
    const pending = this.pending.get(event.id);
    if (!pending) return;
    if (event.type === "token") {
      pending.onToken?.(event.t, event.text, event.at);
      return;
    }
    this.pending.delete(event.id);
    switch (event.type) {
      case "error": pending.reject(new Error(event.message)); break;
      case "loaded": pending.resolve(event.info as never); break;
      case "done": pending.resolve(event.result as never); break;
      case "stats": pending.resolve({ rssBytes: event.rssBytes, peakRssBytes: event.peakRssBytes } as never); break;
      case "unloaded": pending.resolve(undefined as never); break;
    }
  }

  private request<T>(message: Distribute<WorkerRequest>, onToken?: Pending["onToken"]): { id: number; result: Promise<T> } {
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) => {
      if (this.exitError) return reject(this.exitError);
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject, onToken });
      this.child.send({ ...message, id } as WorkerRequest);
    });
    return { id, result };
  }

  load(modelPath: string, options: { contextSize: number; threads: number }): Promise<LoadedInfo> {
    return this.request<LoadedInfo>({ type: "load", modelPath, ...options }).result;
  }

  /**
   * Generates an answer; `onToken` gets each piece of text with its time (ms since the request started).
   * Aborting `signal` stops the generation and resolves with the partial answer (stopReason "abort").
   */
  generate(
    params: Omit<GenerateRequest, "type" | "id">,
    options: { onToken?: (t: number, text: string, at: number) => void; signal?: AbortSignal } = {},
  ): Promise<GenerationResult> {
    const { id, result } = this.request<GenerationResult>({ type: "generate", ...params }, options.onToken);
    const abort = () => this.alive && this.child.send({ type: "abort", id: this.nextId++, target: id } satisfies WorkerRequest);
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener("abort", abort, { once: true });
    return result.finally(() => options.signal?.removeEventListener("abort", abort));
  }

  stats(): Promise<{ rssBytes: number; peakRssBytes: number }> {
    return this.request<{ rssBytes: number; peakRssBytes: number }>({ type: "stats" }).result;
  }

  unload(): Promise<void> {
    return this.request<void>({ type: "unload" }).result;
  }

  /** Ends the process (after unloading, when it is still responsive). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.disconnect?.();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
    await this.exited;
    clearTimeout(timer);
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    this.child.kill(signal);
  }
}
