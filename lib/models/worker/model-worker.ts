import "server-only";
import { ChildClient, ChildExitedError, ChildStalledError } from "../../process/child-client";
import type { CellPhase } from "../../runs/types";
import type { GenerateParams, GenerationResult, GpuFound, LoadedInfo, LoadParams, WorkerProtocol } from "./protocol";

// The server's handle on one model worker process (lib/models/worker/child.ts), through the shared child
// client. A worker that does not stop within ABORT_GRACE_MS of a cancel is killed: a cancel never waits on a
// stuck, stopped or busy worker. A worker that sends nothing for `stallMs` is killed by the watchdog.

export { ChildExitedError as WorkerExitedError, ChildStalledError as WorkerStalledError };

/** How long a worker gets to stop its generation after a cancel before it is killed. */
export const ABORT_GRACE_MS = 400;
const FATAL_LINE = /GGML_ASSERT|error|abort|terminate|fault|failed/i;

export type GenerateOptions = {
  onToken?: (t: number, text: string, at: number) => void;
  onPhase?: (phase: CellPhase) => void;
  signal?: AbortSignal;
};

export class ModelWorker {
  private constructor(private readonly client: ChildClient<WorkerProtocol>) {}

  /** Starts a worker process and waits until it is ready; an abort kills it at once. */
  static async start(options: { stallMs?: number; signal?: AbortSignal } = {}): Promise<ModelWorker> {
    const client = await ChildClient.start<WorkerProtocol>({ entry: "model-worker", label: "model worker", stallMs: options.stallMs, fatalLine: FATAL_LINE }, options.signal);
    return new ModelWorker(client);
  }

  get pid(): number | undefined {
    return this.client.pid;
  }

  get alive(): boolean {
    return this.client.alive;
  }

  get exited(): Promise<ChildExitedError> {
    return this.client.exited;
  }

  /** Loads a model; an abort kills the worker (a half-loaded model has nothing worth keeping). */
  load(modelPath: string, options: Omit<LoadParams, "modelPath">, signal?: AbortSignal): Promise<LoadedInfo> {
    const abort = () => this.kill("SIGKILL");
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    return this.client.call("load", { modelPath, ...options }).result.finally(() => signal?.removeEventListener("abort", abort));
  }

  /**
   * Generates an answer; `onToken` gets each piece of text with its time (ms since the request started).
   * Aborting `signal` stops the generation and resolves with the partial answer (stopReason "abort"); a
   * worker that has not answered within ABORT_GRACE_MS is killed, and the promise rejects (WorkerExitedError).
   */
  generate(params: GenerateParams, options: GenerateOptions = {}): Promise<GenerationResult> {
    const { id, result } = this.client.call("generate", params, (p) => {
      if (p.type === "token") options.onToken?.(p.t, p.text, p.at);
      else options.onPhase?.(p.phase);
    });
    let killer: ReturnType<typeof setTimeout> | undefined;
    const abort = () => {
      this.client.tell("abort", { target: id });
      killer = setTimeout(() => this.kill("SIGKILL"), ABORT_GRACE_MS);
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener("abort", abort, { once: true });
    return result.finally(() => {
      clearTimeout(killer);
      options.signal?.removeEventListener("abort", abort);
    });
  }

  stats(): Promise<{ rssBytes: number; peakRssBytes: number }> {
    return this.client.call("stats", {}).result;
  }

  probeGpu(): Promise<GpuFound> {
    return this.client.call("probeGpu", {}).result;
  }

  unload(): Promise<void> {
    return this.client.call("unload", {}).result;
  }

  /** Ends the process (it exits once disconnected; killed if it has not after a moment). */
  stop(): Promise<void> {
    return this.client.stop(1000);
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    this.client.kill(signal);
  }
}
