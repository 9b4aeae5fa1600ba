import "server-only";
import { processWide } from "../process-wide";
import { ModelWorker } from "./worker/model-worker";
import type { GpuFound } from "./worker/protocol";

// The GPU node-llama-cpp would use under gpu "auto", asked of a short-lived model worker (the server itself never
// loads llama.cpp). Kept for a minute: free VRAM changes as other programs use the GPU. Pages ask with a short
// wait and show "checking" until the first answer; a probe that fails counts as "no GPU found".

const FRESH_MS = 60_000;

type Probe = { at: number; promise: Promise<GpuFound>; value?: GpuFound };
const state = processWide("gpu-probe", () => ({ last: null as Probe | null }));

const NONE: GpuFound = { backend: "cpu", deviceNames: [], vramTotalBytes: 0, vramFreeBytes: 0 };

async function probe(): Promise<GpuFound> {
  const worker = await ModelWorker.start({ stallMs: 60_000 });
  try {
    return await worker.probeGpu();
  } finally {
    await worker.stop();
  }
}

/** The GPU found, waiting at most `waitMs` for a fresh probe; undefined while the first is still running. */
export async function gpuFound(waitMs: number): Promise<GpuFound | undefined> {
  let last = state.last;
  if (!last || Date.now() - last.at > FRESH_MS) {
    const next: Probe = { at: Date.now(), promise: probe().catch(() => NONE) };
    next.promise.then((v) => (next.value = v));
    // While a refresh runs, the previous answer stands.
    next.value = last?.value;
    state.last = last = next;
  }
  if (last.value) return last.value;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), waitMs)));
  try {
    return await Promise.race([last.promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
