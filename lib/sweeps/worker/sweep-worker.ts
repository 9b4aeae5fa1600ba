import "server-only";
import { ChildClient } from "../../process/child-client";
import type {
  Measured,
  MeasureParams,
  MeasureProgress,
  SweepLoaded,
  SweepLoadParams,
  SweepWorkerProtocol,
} from "./protocol";

// The server's handle on one sweep worker process (./child.ts). An abort kills it at once: a half-measured
// point has nothing worth keeping, and llama.cpp cannot be interrupted mid-batch.

const FATAL_LINE = /GGML_ASSERT|abort|terminate|fault/i;

export class SweepWorker {
  private constructor(private readonly client: ChildClient<SweepWorkerProtocol>) {}

  static async start(options: { stallMs?: number; signal?: AbortSignal } = {}): Promise<SweepWorker> {
    const client = await ChildClient.start<SweepWorkerProtocol>(
      { entry: "sweep-worker", label: "sweep worker", stallMs: options.stallMs, fatalLine: FATAL_LINE },
      options.signal,
    );
    return new SweepWorker(client);
  }

  get alive(): boolean {
    return this.client.alive;
  }

  load(params: SweepLoadParams, signal?: AbortSignal): Promise<SweepLoaded> {
    return this.killOnAbort(this.client.call("load", params).result, signal);
  }

  measure(params: MeasureParams, onProgress: (p: MeasureProgress) => void, signal?: AbortSignal): Promise<Measured> {
    return this.killOnAbort(this.client.call("measure", params, onProgress).result, signal);
  }

  stop(): Promise<void> {
    return this.client.stop(1000);
  }

  private killOnAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
    const kill = () => this.client.kill("SIGKILL");
    if (signal?.aborted) kill();
    signal?.addEventListener("abort", kill, { once: true });
    return promise.finally(() => signal?.removeEventListener("abort", kill));
  }
}
