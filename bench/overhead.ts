// bench/overhead: (1) generation rate of a model through the whole product (HTTP API, run queue, worker
// process, events, database) against a plain node-llama-cpp script on the same model, prompt, seed and threads,
// the two alternating; (2) the delay from a token leaving the worker to its event reaching an SSE client.
// Needs a production build (npm run build). The last line of output is one JSON object with the figures.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { scriptHeaders } from "../lib/api-headers";
import { readSse } from "../lib/sse-client";
import { stopServerGroup } from "./lib/server-group";
import { median, percentile, round } from "./lib/stats";

const PORT = Number(process.env.BENCH_PORT ?? 3190);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MODEL = process.env.BENCH_MODEL ?? "demo-gqa.Q8_0.gguf";
const OTHER = "tiny-dense-mha.Q8_0.gguf";
const MAX_TOKENS = 256;
const SEED = 11;
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const CONTEXT = 1024;
const base = `http://127.0.0.1:${PORT}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-overhead-"));
const modelsDir = path.join(work, "models");

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(base + url, { ...init, headers: scriptHeaders(base, undefined, { "content-type": "application/json" }) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${url}: ${JSON.stringify(body)}`);
  return body as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts a run through the API and follows its events; returns token delivery delays and the run detail. */
async function pipelineRound(datasetId: string, group: string, question: string) {
  const { id } = await api<{ id: string }>("/api/runs", {
    method: "POST",
    body: JSON.stringify({ datasetId, groups: [group], questions: [question, question], models: [MODEL, OTHER], maxTokens: MAX_TOKENS, seed: SEED, threads: THREADS, contextSize: CONTEXT }),
  });
  const delays: number[] = [];
  const res = await fetch(`${base}/api/runs/${id}/events`);
  for await (const { data: event, arrivedAt } of readSse<{ type: string; status?: string; at?: number; cell?: { model: string } }>(res.body!)) {
    if (event.type === "token" && event.cell?.model === MODEL) delays.push(arrivedAt - event.at!);
    if (event.type === "status" && ["completed", "failed", "cancelled"].includes(event.status!)) break;
  }
  const detail = await api<{ run: { status: string }; questions: { prompt: string }[]; generations: { model: string; cold: boolean; metrics: { generationTokensPerSecond: number; outputTokens: number } }[] }>(`/api/runs/${id}`);
  const warm = detail.generations.find((g) => g.model === MODEL && !g.cold)!;
  return { delays, rate: warm.metrics.generationTokensPerSecond, tokens: warm.metrics.outputTokens, prompt: detail.questions[0].prompt };
}

function plainRound(promptFile: string) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/lib/plain-generate.ts", path.join(modelsDir, MODEL), promptFile, String(SEED), String(THREADS), String(MAX_TOKENS), String(CONTEXT)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as { tokens: number; generationTokensPerSecond: number };
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("bench/overhead needs a production build: run `npm run build` first.");
  const server: ChildProcess = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: path.join(work, "data"), MODELS_DIR: modelsDir, LINEUP_LOG_LEVEL: "warn" },
    stdio: "ignore",
    detached: true,
  });
  try {
    const dataset = await until("the sample dataset", async () => {
      const { datasets } = await api<{ datasets: { id: string; status: string; groups: { group: string }[] }[] }>("/api/datasets");
      return datasets.find((d) => d.status === "ready");
    });
    const question = "What do people like about the product?";
    const promptFile = path.join(work, "prompt.txt");
    const pipeline: number[] = [];
    const plain: number[] = [];
    const delays: number[] = [];
    let tokens = { pipeline: 0, plain: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const p = await pipelineRound(dataset.id, dataset.groups[0].group, question);
      pipeline.push(p.rate);
      delays.push(...p.delays);
      fs.writeFileSync(promptFile, p.prompt);
      const b = plainRound(promptFile);
      plain.push(b.generationTokensPerSecond);
      tokens = { pipeline: p.tokens, plain: b.tokens };
      console.log(`round ${r + 1}: pipeline ${p.rate.toFixed(1)} tok/s (${p.tokens} tokens), plain ${b.generationTokensPerSecond.toFixed(1)} tok/s (${b.tokens} tokens), SSE delay p95 so far ${percentile(delays, 95).toFixed(1)} ms`);
    }
    console.log(JSON.stringify({
      bench: "overhead",
      date: new Date().toISOString(),
      cpu: os.cpus()[0]?.model, cores: os.cpus().length,
      model: MODEL, threads: THREADS, maxTokens: MAX_TOKENS, seed: SEED, rounds: ROUNDS,
      tokensPipeline: tokens.pipeline, tokensPlain: tokens.plain,
      pipelineTokensPerSecond: round(median(pipeline), 2),
      plainTokensPerSecond: round(median(plain), 2),
      pipelineToPlainRatio: round(median(pipeline) / median(plain)),
      ratioGoal: 0.97,
      sseDelayP50Ms: round(percentile(delays, 50), 2),
      sseDelayP95Ms: round(percentile(delays, 95), 2),
      sseDelayGoalP95Ms: 50,
      tokenEvents: delays.length,
    }));
  } finally {
    await stopServerGroup(server.pid, work, 1500);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
