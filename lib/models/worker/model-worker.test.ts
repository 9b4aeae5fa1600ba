import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_FILES, writeBadModelFiles } from "../demo/bad-files";
import { tinyModelsDir, tinySpec } from "../testing/fixtures";
import { ABORT_GRACE_MS, ModelWorker, WorkerExitedError, WorkerStalledError } from "./model-worker";

const PROMPT = "Use the following pieces of context to answer the question at the end. The battery lasts all day. Question: What do people like about the product? Answer:";
let models: { dir: string; cleanup: () => void };
const workers: ModelWorker[] = [];

async function loadedWorker(shape: "dense" | "gqa" | "moe", stallMs?: number) {
  const worker = await ModelWorker.start({ stallMs });
  workers.push(worker);
  await worker.load(path.join(models.dir, tinySpec(shape).file), { contextSize: 512, threads: 1 });
  return worker;
}

beforeAll(() => {
  models = tinyModelsDir();
  writeBadModelFiles(models.dir);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  models.cleanup();
});

describe("model worker", () => {
  it("streams tokens with rising timestamps and reports the figures a run needs", async () => {
    const worker = await loadedWorker("gqa");
    const streamed: { t: number; text: string }[] = [];
    const result = await worker.generate(
      { prompt: PROMPT, maxTokens: 40, temperature: 0.7, seed: 7 },
      { onToken: (t, text) => streamed.push({ t, text }) },
    );
    expect(result.outputTokens).toBeGreaterThan(0);
    expect(result.tokenTimes).toHaveLength(result.outputTokens);
    expect(result.tokenTimes.every((t, i) => i === 0 || t >= result.tokenTimes[i - 1])).toBe(true);
    expect(result.tokenTimes[0]).toBeGreaterThanOrEqual(result.promptMs);
    expect(streamed.map((s) => s.text).join("")).toBe(result.text);
    expect(result.text).toMatch(/^[a-z ,.!?]+$/); // whole words from the demo vocabulary
    expect(result.promptTokens).toBeGreaterThan(20);
    expect(result.peakRssBytes).toBeGreaterThanOrEqual(result.idleRssBytes);
    expect(result.idleRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it("gives the same text for the same seed, in two different processes", async () => {
    const params = { prompt: PROMPT, maxTokens: 30, temperature: 0.7, seed: 42 };
    const [a, b] = [await loadedWorker("dense"), await loadedWorker("dense")];
    const first = await a.generate(params);
    const second = await b.generate(params);
    expect(second.text).toBe(first.text);
    const other = await a.generate({ ...params, seed: 43 });
    expect(other.text).not.toBe(first.text);
  });

  it("returns the partial answer when aborted mid-generation", async () => {
    const worker = await loadedWorker("moe");
    const controller = new AbortController();
    let streamed = "";
    const result = await worker.generate(
      { prompt: PROMPT, maxTokens: 400, temperature: 0.7, seed: 1 },
      {
        signal: controller.signal,
        onToken: (_t, text) => {
          streamed += text;
          // At the first text: on a busy machine one 20 ms batch can hold many tokens, so waiting longer risks the
          // answer ending on its own before the abort arrives.
          if (streamed.trim()) controller.abort();
        },
      },
    );
    expect(result.stopReason).toBe("abort");
    expect(result.text.startsWith(streamed)).toBe(true);
    expect(result.outputTokens).toBeGreaterThanOrEqual(1);
    expect(result.outputTokens).toBeLessThan(400);
    expect(result.text.length).toBeGreaterThan(0);
  });

  it("reports a killed worker to its caller instead of hanging", async () => {
    const worker = await loadedWorker("dense");
    const pending = worker.generate({ prompt: PROMPT, maxTokens: 100_000, temperature: 0.7, seed: 1 });
    worker.kill("SIGKILL");
    await expect(pending).rejects.toThrow(/killed by SIGKILL/);
    expect(worker.alive).toBe(false);
    await expect(worker.stats()).rejects.toBeInstanceOf(WorkerExitedError);
  });

  it("survives a file that aborts llama.cpp: only the worker dies, with the reason", async () => {
    const worker = await ModelWorker.start();
    workers.push(worker);
    const error = await worker
      .load(path.join(models.dir, BAD_FILES.crashing), { contextSize: 512, threads: 1 })
      .then(() => null, (err: Error) => err);
    expect(error).not.toBeNull();
    expect(error).toBeInstanceOf(WorkerExitedError);
    expect(error!.message).toMatch(/killed by SIGABRT: .*GGML_ASSERT/);
    // This test process, which spawned it, is still here and can start another worker.
    const healthy = await loadedWorker("gqa");
    expect((await healthy.generate({ prompt: PROMPT, maxTokens: 3, temperature: 0.7, seed: 1 })).outputTokens).toBeGreaterThan(0);
  });

  it("explains a file llama.cpp refuses without crashing", async () => {
    const worker = await ModelWorker.start();
    workers.push(worker);
    const error = await worker
      .load(path.join(models.dir, BAD_FILES.truncated), { contextSize: 512, threads: 1 })
      .then(() => null, (err: Error) => err);
    expect(error?.message).toMatch(/Failed to load model: .*(data|size|bounds|tensor)/i);
  });

  it("a worker stopped mid-answer (SIGSTOP) is killed by the watchdog, and its caller told why", async () => {
    const worker = await loadedWorker("dense", 1500);
    let stoppedAt = 0;
    const pending = worker.generate(
      { prompt: PROMPT, maxTokens: 100_000, temperature: 0.7, seed: 1 },
      { onToken: () => { if (!stoppedAt) { stoppedAt = performance.now(); worker.kill("SIGSTOP"); } } },
    );
    const error = await pending.then(() => null, (err: Error) => err);
    const waited = performance.now() - stoppedAt;
    expect(error).toBeInstanceOf(WorkerStalledError);
    expect(error!.message).toMatch(/sent nothing for 1\.5 s and was stopped/);
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(4000);
    expect(worker.alive).toBe(false);
    console.log(`[watchdog] a stopped worker was failed ${Math.round(waited)} ms after it stopped (stall time 1500 ms)`);
  });

  it("a cancel of a stopped worker (SIGSTOP) ends within a second: the worker is killed after the grace time", async () => {
    const worker = await loadedWorker("dense");
    const controller = new AbortController();
    let stopped = false;
    const pending = worker.generate(
      { prompt: PROMPT, maxTokens: 100_000, temperature: 0.7, seed: 1 },
      { signal: controller.signal, onToken: () => { if (!stopped) { stopped = true; worker.kill("SIGSTOP"); } } },
    );
    await expect.poll(() => stopped).toBe(true);
    const asked = performance.now();
    controller.abort();
    const error = await pending.then(() => null, (err: Error) => err);
    const took = performance.now() - asked;
    expect(error).toBeInstanceOf(WorkerExitedError);
    expect(error!.message).toMatch(/killed by SIGKILL/);
    expect(took).toBeGreaterThanOrEqual(ABORT_GRACE_MS - 50);
    expect(took).toBeLessThan(1000);
  });

  it("refuses requests once its process is gone, instead of writing to a closed channel", async () => {
    const worker = await loadedWorker("gqa");
    worker.kill("SIGKILL");
    await worker.exited;
    await expect(worker.generate({ prompt: PROMPT, maxTokens: 3, temperature: 0.7, seed: 1 })).rejects.toBeInstanceOf(WorkerExitedError);
  });

  it("refuses a prompt no context of this size can hold before tokenising it", async () => {
    const worker = await loadedWorker("gqa");
    const started = performance.now();
    await expect(worker.generate({ prompt: "x".repeat(512 * 8 + 1), maxTokens: 3, temperature: 0.7, seed: 1 }))
      .rejects.toThrow(/The prompt has 4097 characters, more than a context of 512 tokens can hold/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
