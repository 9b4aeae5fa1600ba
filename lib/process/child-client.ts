import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { childArgs, type ChildEntry } from "./child-entry";
import { HEARTBEAT_MS, type FromChild, type Protocol, type ToChild } from "./wire";

// The server's one client for its child processes (model workers, the embedding process): spawn, wait until
// ready, request/response by id with progress, refuse to send once the child is gone, a watchdog for a child
// that falls silent, and an optional exit when idle. A dead child rejects every open request with the reason.

/** A child that died: its reason is its last words on stderr or the signal that ended it. */
export class ChildExitedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(message);
    this.name = "ChildExitedError";
  }
}

/** A child that sent nothing (not even its heartbeat) for the watchdog's time: it was killed. */
export class ChildStalledError extends ChildExitedError {
  constructor(message: string) {
    super(message, null, "SIGKILL");
    this.name = "ChildStalledError";
  }
}

/**
 * The server's own memory tuning (`npm start` sets glibc's malloc thresholds so freed memory goes back to the
 * system) is not passed on: a model worker's memory and speed are measured as the model's, untuned.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("MALLOC_")) delete env[key];
  return env;
}

export type ChildOptions = {
  entry: ChildEntry;
  /** Names the child in messages ("The model worker ..."). */
  label: string;
  args?: string[];
  /** "advanced": structured clone, so arrays of numbers cross without a JSON round-trip. */
  serialization?: "json" | "advanced";
  /** Stop the child after this long with no open request. */
  idleExitMs?: number;
  /** Kill the child when it has sent nothing for this long while a request is open. */
  stallMs?: number;
  /** Lines of the child's output that explain a crash. */
  fatalLine?: RegExp;
};

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (v: unknown) => void };

export class ChildClient<P extends Protocol> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly lastOutput: string[] = [];
  private exitError: ChildExitedError | undefined;
  private stallError: ChildStalledError | undefined;
  private lastHeard = performance.now();
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly exited: Promise<ChildExitedError>;
  readonly ready: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: ChildOptions,
  ) {
    const remember = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.lastOutput.push(line.trim());
      this.lastOutput.splice(0, Math.max(0, this.lastOutput.length - 30));
    };
    child.stdout?.on("data", remember);
    child.stderr?.on("data", remember);
    let onReady: () => void = () => {};
    this.ready = new Promise<void>((resolve) => (onReady = resolve));
    child.on("message", (message: FromChild) => {
      this.lastHeard = performance.now();
      if (message.kind === "ready") onReady();
      else if (message.kind === "progress") this.pending.get(message.id)?.onProgress?.(message.value);
      else if (message.kind === "result" || message.kind === "error") this.settle(message);
    });
    this.exited = new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        const fatal = options.fatalLine ?? /error|abort|fault|failed/i;
        const said = this.lastOutput
          .filter((l) => fatal.test(l))
          .slice(-2)
          .join(" | ");
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        this.exitError =
          this.stallError ??
          new ChildExitedError(`The ${options.label} ${how}${said ? `: ${said}` : ""}`, code, signal);
        this.stopTimers();
        for (const p of this.pending.values()) p.reject(this.exitError);
        this.pending.clear();
        resolve(this.exitError);
      });
    });
    // An idle child must not keep this process alive (tests, scripts); a busy one must.
    this.holdParent(false);
  }

  /** Starts the child and waits until it says it is ready (or rejects with why it died). */
  static async start<P extends Protocol>(options: ChildOptions, signal?: AbortSignal): Promise<ChildClient<P>> {
    const child = spawn(process.execPath, [...childArgs(options.entry), ...(options.args ?? [])], {
      cwd: process.cwd(),
      env: childEnv(),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: options.serialization ?? "json",
    });
    const client = new ChildClient<P>(child, options);
    const abort = () => client.kill("SIGKILL");
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    client.holdParent(true);
    try {
      await Promise.race([client.ready, client.exited.then((err) => Promise.reject(err))]);
    } finally {
      signal?.removeEventListener("abort", abort);
      client.holdParent(false);
    }
    client.armIdleTimer();
    return client;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Running and reachable: false once it exited, or once it was told to stop. */
  get alive(): boolean {
    return this.exitError === undefined && this.child.connected;
  }

  /**
   * Sends a request; `result` settles with the child's answer, or rejects when the child dies or stalls.
   * Refuses at once (ChildExitedError) when the child is already gone.
   */
  call<M extends keyof P & string>(
    method: M,
    params: P[M]["params"],
    onProgress?: (value: P[M]["progress"]) => void,
  ): { id: number; result: Promise<P[M]["result"]> } {
    const id = this.nextId++;
    const result = new Promise<P[M]["result"]>((resolve, reject) => {
      if (this.exitError || !this.child.connected)
        return reject(this.exitError ?? new ChildExitedError(`The ${this.options.label} is not running.`, null, null));
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: onProgress as (v: unknown) => void,
      });
      this.busy();
      this.child.send({ id, method, params } satisfies ToChild, (err) => {
        if (err && this.pending.has(id))
          this.settle({ kind: "error", id, message: `The ${this.options.label} could not be reached: ${err.message}` });
      });
    });
    return { id, result };
  }

  /** Sends a request whose answer nobody waits for (e.g. "stop that generation"); a no-op once the child is gone. */
  tell<M extends keyof P & string>(method: M, params: P[M]["params"]): void {
    if (this.alive && this.child.connected) this.call(method, params).result.catch(() => {});
  }

  /** Ends the child: disconnects (it exits by itself), and kills it if it has not gone after `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.exitError) return;
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.exitError === undefined) this.child.kill(signal);
  }

  private settle(message: Extract<FromChild, { kind: "result" | "error" }>) {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.kind === "result") pending.resolve(message.value);
    else pending.reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
    if (this.pending.size === 0) this.idle();
  }

  private busy() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.holdParent(true);
    this.lastHeard = Math.max(this.lastHeard, performance.now() - HEARTBEAT_MS);
    if (this.options.stallMs && !this.watchdog) {
      const stallMs = this.options.stallMs;
      this.watchdog = setInterval(
        () => {
          if (performance.now() - this.lastHeard < stallMs || !this.alive) return;
          this.stallError = new ChildStalledError(
            `The ${this.options.label} sent nothing for ${(stallMs / 1000).toFixed(1)} s and was stopped.`,
          );
          this.child.kill("SIGKILL");
        },
        Math.min(250, stallMs / 4),
      );
    }
  }

  private idle() {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.holdParent(false);
    this.armIdleTimer();
  }

  private armIdleTimer() {
    if (!this.options.idleExitMs || !this.alive || this.pending.size) return;
    this.idleTimer = setTimeout(() => void this.stop(), this.options.idleExitMs);
    this.idleTimer.unref();
  }

  private stopTimers() {
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.watchdog = this.idleTimer = undefined;
  }

  private holdParent(hold: boolean) {
    if (hold) {
      this.child.ref();
      this.child.channel?.ref?.();
    } else {
      this.child.unref();
      this.child.channel?.unref?.();
    }
  }
}

/** A child started when first needed and again after it exited (idle, or crashed): restart on demand. */
export class OnDemandChild<P extends Protocol> {
  private current: Promise<ChildClient<P>> | undefined;

  constructor(
    private readonly options: ChildOptions,
    private readonly prepare: (client: ChildClient<P>) => Promise<void> = async () => {},
  ) {}

  get(): Promise<ChildClient<P>> {
    const start = async () => {
      const client = await ChildClient.start<P>(this.options);
      try {
        await this.prepare(client);
      } catch (err) {
        await client.stop();
        throw err;
      }
      void client.exited.then(() => {
        if (this.current === started) this.current = undefined;
      });
      return client;
    };
    const reuse = this.current;
    const started = reuse ?? start();
    if (!reuse) {
      this.current = started;
      started.catch(() => {
        if (this.current === started) this.current = undefined;
      });
    }
    return started.then((c) => (c.alive ? c : ((this.current = undefined), this.get())));
  }

  /** The running child's pid, if one runs. */
  async pid(): Promise<number | undefined> {
    const c = await this.current?.catch(() => undefined);
    return c?.alive ? c.pid : undefined;
  }

  async stop(): Promise<void> {
    const c = await this.current?.catch(() => undefined);
    this.current = undefined;
    await c?.stop();
  }
}
