// The engines the speed benchmarks compare, each run once per round on the same GGUF, prompt, seed, threads and
// token limit: Lineup's whole pipeline (HTTP API, queue, worker, events, database), plain node-llama-cpp in a
// script, and native llama.cpp (llama-server streamed over HTTP; llama-bench, decode without sampling).
// The decode rate is defined as in lib/metrics/generation.ts everywhere: tokens after the first, over the time
// after the first.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { scriptHeaders } from "../../lib/api-headers";
import { LLAMA_SERVER_SAMPLING } from "../../lib/backends/llama-server/sampling";
import { isFinalRunStatus } from "../../lib/runs/status";
import { readSse } from "../../lib/sse-client";
import { stopServerGroup, until } from "./server-group";

export type Bench = {
  model: string;
  other: string;
  maxTokens: number;
  seed: number;
  threads: number;
  contextSize: number;
};
export type Lineup = { base: string; datasetId: string; group: string; stop: () => Promise<void> };

export async function api<T>(base: string, url: string, init?: RequestInit): Promise<T> {
  const send = () =>
    fetch(base + url, { ...init, headers: scriptHeaders(base, undefined, { "content-type": "application/json" }) });
  // Between rounds the pooled connection sits idle past the server's keep-alive time; a request that meets
  // the server closing it ("other side closed") was never read, so it is sent once more on a new connection.
  const res = await send().catch((err: Error & { cause?: { code?: string } }) => {
    if (err.cause?.code !== "UND_ERR_SOCKET") throw err;
    return send();
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${url}: ${JSON.stringify(body)}`);
  return body as T;
}

/** `npm start` on a fresh data dir (needs `npm run build`), once the sample dataset is ready. */
export async function startLineup(port: number, work: string, modelsDir: string): Promise<Lineup> {
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("this benchmark needs a production build: run `npm run build` first.");
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: path.join(work, "data"),
      MODELS_DIR: modelsDir,
      LINEUP_LOG_LEVEL: "warn",
    },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => stopServerGroup(server.pid, work, 1500);
  try {
    const dataset = await until("the sample dataset", async () => {
      const { datasets } = await api<{ datasets: { id: string; status: string; groups: { group: string }[] }[] }>(
        base,
        "/api/datasets",
      );
      return datasets.find((d) => d.status === "ready");
    });
    // The demo models were just written: wait until the server has read their headers (else a run gets 503).
    await until("the demo models' headers", async () => {
      const { models } = await api<{ models: { file: string; valid: boolean }[] }>(base, "/api/models");
      return models.filter((m) => m.valid).length >= 3 ? true : undefined;
    });
    return { base, datasetId: dataset.id, group: dataset.groups[0].group, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export type Round = { rate: number; tokens: number };

/** One run through the API (the model and a second one, two identical questions); the warm cell's rate, the prompt, and token-event delays. */
export async function pipelineRound(
  l: Lineup,
  b: Bench,
  question: string,
  engine: "node-llama-cpp" | "llama-server" = "node-llama-cpp",
): Promise<Round & { prompt: string; delays: number[] }> {
  const { id } = await api<{ id: string }>(l.base, "/api/runs", {
    method: "POST",
    body: JSON.stringify({
      datasetId: l.datasetId,
      groups: [l.group],
      questions: [question, question],
      models: [b.model, b.other],
      maxTokens: b.maxTokens,
      seed: b.seed,
      threads: b.threads,
      contextSize: b.contextSize,
      engine,
    }),
  });
  const delays: number[] = [];
  const res = await fetch(`${l.base}/api/runs/${id}/events`);
  for await (const { data: event, arrivedAt } of readSse<{
    type: string;
    status?: string;
    at?: number;
    cell?: { model: string };
  }>(res.body!)) {
    if (event.type === "token" && event.cell?.model === b.model) delays.push(arrivedAt - event.at!);
    if (event.type === "status" && isFinalRunStatus(event.status!)) break;
  }
  const detail = await api<{
    questions: { prompt: string }[];
    generations: {
      model: string;
      cold: boolean;
      metrics: { generationTokensPerSecond: number; outputTokens: number };
    }[];
  }>(l.base, `/api/runs/${id}`);
  const warm = detail.generations.find((g) => g.model === b.model && !g.cold)!;
  return {
    delays,
    rate: warm.metrics.generationTokensPerSecond,
    tokens: warm.metrics.outputTokens,
    prompt: detail.questions[0].prompt,
  };
}

/** node-llama-cpp used directly by a script (bench/lib/plain-generate.ts), warm generation. */
export function plainRound(modelPath: string, promptFile: string, b: Bench): Round {
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "bench/lib/plain-generate.ts",
      modelPath,
      promptFile,
      String(b.seed),
      String(b.threads),
      String(b.maxTokens),
      String(b.contextSize),
    ],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  const r = JSON.parse(run.stdout.trim().split("\n").pop()!) as { tokens: number; generationTokensPerSecond: number };
  return { rate: r.generationTokensPerSecond, tokens: r.tokens };
}

/**
 * POSTs a streamed request to llama-server and returns the response with the time it was sent. As in api(): a
 * pooled connection the server closed while idle is met once, and the request sent again (timed from then).
 */
async function postStream(url: string, body: Record<string, unknown>): Promise<{ res: Response; started: number }> {
  const send = () =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  let started = performance.now();
  const res = await send().catch((err: Error & { cause?: { code?: string } }) => {
    if (err.cause?.code !== "UND_ERR_SOCKET") throw err;
    started = performance.now();
    return send();
  });
  return { res, started };
}

/** The sampling fields every direct llama-server round sends: the llama-server engine's (node-llama-cpp's defaults). */
const sampling = (b: Bench) => ({ temperature: 0.7, seed: b.seed, ...LLAMA_SERVER_SAMPLING, stream: true });

/** One streamed /completion on a running llama-server, timed on the client, plus the server's own decode rate. */
export async function llamaServerRound(url: string, prompt: string, b: Bench): Promise<Round & { serverRate: number }> {
  const { res, started } = await postStream(`${url}/completion`, { prompt, n_predict: b.maxTokens, ...sampling(b) });
  const times: number[] = [];
  let serverRate = NaN;
  for await (const { data } of readSse<{
    content?: string;
    stop?: boolean;
    timings?: { predicted_per_second: number };
  }>(res.body!)) {
    if (!data.stop) times.push(performance.now() - started);
    if (data.timings) serverRate = data.timings.predicted_per_second;
    if (data.stop) break;
  }
  const end = performance.now() - started;
  return { rate: ((times.length - 1) / (end - times[0])) * 1000, tokens: times.length, serverRate };
}

/** llama-bench tg<maxTokens>: decode only, no sampling, one repetition per round (the rounds give the spread). */
export function llamaBenchRound(bin: string, modelPath: string, b: Bench): Round {
  const run = spawnSync(
    bin,
    ["-m", modelPath, "-t", String(b.threads), "-p", "0", "-n", String(b.maxTokens), "-r", "1", "-o", "json"],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`llama-bench failed: ${run.stderr.slice(-500)}`);
  const [row] = JSON.parse(run.stdout) as { avg_ts: number; n_gen: number }[];
  return { rate: row.avg_ts, tokens: row.n_gen };
}

export const modelPathIn = (modelsDir: string, file: string) => path.join(modelsDir, file);

/**
 * The same request the llama-server engine sends (OpenAI-compatible /v1/completions, streamed), driven directly:
 * one chunk per token, timed on arrival. Beside llamaServerRound (llama-server's own /completion) it shows what
 * the endpoint itself costs, apart from Lineup.
 */
export async function llamaServerOpenAiRound(url: string, model: string, prompt: string, b: Bench): Promise<Round> {
  const { res, started } = await postStream(`${url}/v1/completions`, {
    model,
    prompt,
    max_tokens: b.maxTokens,
    ...sampling(b),
  });
  const times: number[] = [];
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = res.body!.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      const data = JSON.parse(line.slice(6)) as { choices?: { text?: string }[] };
      if (data.choices?.[0]?.text) times.push(performance.now() - started);
    }
  }
  const end = performance.now() - started;
  return { rate: ((times.length - 1) / (end - times[0])) * 1000, tokens: times.length };
}
