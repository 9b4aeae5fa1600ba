// bench/native: the physical anchor. The same GGUF, threads, prompt and sampling through (a) Lineup's whole
// pipeline on its default engine (node-llama-cpp), (b) Lineup's whole pipeline on the llama-server engine (it
// starts and stops llama-server per model itself), (c) plain node-llama-cpp (its prebuilt binary), (d) native
// llama-server built here from the same llama.cpp source (`npm run llama:build`), driven directly, streamed over
// HTTP and timed on the client, and (e) llama-bench (decode only, no sampling). At least 10 rounds, the engines' order rotated each round; every ratio is the
// median of per-round ratios with a bootstrap 95% interval. Needs `npm run build` and `npm run llama:build`.
// The last line of output is one JSON object.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nativeBinary, startLlamaServer } from "../lib/remote/native-llama";
import {
  llamaBenchRound,
  llamaServerOpenAiRound,
  llamaServerRound,
  modelPathIn,
  pipelineRound,
  plainRound,
  startLineup,
  type Bench,
  type Round,
} from "./lib/engines";
import { formatInterval, median, ratioInterval, round } from "./lib/stats";

const PORT = Number(process.env.BENCH_PORT ?? 3191);
const LLAMA_PORT = Number(process.env.BENCH_LLAMA_PORT ?? 3192);
const ROUNDS = Math.max(10, Number(process.env.BENCH_ROUNDS ?? 10));
const bench: Bench = {
  model: process.env.BENCH_MODEL ?? "demo-gqa.Q8_0.gguf",
  other: "tiny-dense-mha.Q8_0.gguf",
  maxTokens: 256,
  seed: 11,
  threads: Number(process.env.BENCH_THREADS ?? 1),
  contextSize: 1024,
};
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-native-"));
const modelsDir = path.join(work, "models");
const ENGINES = ["pipeline", "pipelineLlamaServer", "plain", "llamaServer", "llamaServerOpenAi", "llamaBench"] as const;
type Engine = (typeof ENGINES)[number];

async function main() {
  const server = nativeBinary("llama-server");
  const benchBin = nativeBinary("llama-bench");
  if (server.path === null || benchBin.path === null)
    throw new Error(server.path === null ? server.reason : (benchBin as { reason: string }).reason);
  const lineup = await startLineup(PORT, work, modelsDir);
  const modelPath = modelPathIn(modelsDir, bench.model);
  const llama = await startLlamaServer(server.path, modelPath, {
    port: LLAMA_PORT,
    threads: bench.threads,
    contextSize: bench.contextSize,
    alias: bench.model,
  });
  try {
    const question = "What do people like about the product?";
    const promptFile = path.join(work, "prompt.txt");
    let prompt = "";
    const perEngine = () => Object.fromEntries(ENGINES.map((e) => [e, [] as number[]])) as Record<Engine, number[]>;
    const rates = perEngine();
    const tokens = perEngine();
    const serverSide: number[] = [];
    const runners: Record<Engine, () => Promise<Round>> = {
      pipeline: async () => {
        const p = await pipelineRound(lineup, bench, question);
        if (!prompt) {
          prompt = p.prompt;
          fs.writeFileSync(promptFile, prompt);
        }
        return p;
      },
      pipelineLlamaServer: async () => pipelineRound(lineup, bench, question, "llama-server"),
      plain: async () => plainRound(modelPath, promptFile, bench),
      llamaServer: async () => {
        const r = await llamaServerRound(llama.url, prompt, bench);
        serverSide.push(r.serverRate);
        return r;
      },
      llamaServerOpenAi: async () => llamaServerOpenAiRound(llama.url, bench.model, prompt, bench),
      llamaBench: async () => llamaBenchRound(benchBin.path!, modelPath, bench),
    };
    await runners.pipeline(); // the prompt, and a warm-up of every cache, outside the rounds
    await runners.llamaServer();
    await runners.pipelineLlamaServer();
    serverSide.length = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const order = ENGINES.map((_, i) => ENGINES[(i + r) % ENGINES.length]);
      for (const engine of order) {
        const result = await runners[engine]();
        rates[engine].push(result.rate);
        tokens[engine].push(result.tokens);
      }
      console.log(
        `round ${r + 1}: ${ENGINES.map((e) => `${e} ${rates[e][r].toFixed(1)} tok/s (${tokens[e][r]})`).join(", ")}`,
      );
    }
    const ratios = {
      // Goal (issue 20): >= 0.97, Lineup adds nothing measurable on top of llama-server.
      pipelineLlamaServerToLlamaServer: ratioInterval(rates.pipelineLlamaServer, rates.llamaServer),
      // The same /v1/completions request the engine sends, driven directly: what Lineup itself adds.
      pipelineLlamaServerToLlamaServerOpenAi: ratioInterval(rates.pipelineLlamaServer, rates.llamaServerOpenAi),
      llamaServerOpenAiToLlamaServer: ratioInterval(rates.llamaServerOpenAi, rates.llamaServer),
      pipelineLlamaServerToPipeline: ratioInterval(rates.pipelineLlamaServer, rates.pipeline),
      pipelineToPlain: ratioInterval(rates.pipeline, rates.plain),
      plainToLlamaServer: ratioInterval(rates.plain, rates.llamaServer),
      pipelineToLlamaServer: ratioInterval(rates.pipeline, rates.llamaServer),
      llamaServerToLlamaBench: ratioInterval(rates.llamaServer, rates.llamaBench),
      plainToLlamaBench: ratioInterval(rates.plain, rates.llamaBench),
      llamaServerClientToServerSide: ratioInterval(rates.llamaServer, serverSide),
    };
    for (const [name, r] of Object.entries(ratios)) console.log(`${name}: ${formatInterval(r)}`);
    console.log(
      JSON.stringify({
        bench: "native",
        date: new Date().toISOString(),
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        model: bench.model,
        threads: bench.threads,
        maxTokens: bench.maxTokens,
        seed: bench.seed,
        rounds: ROUNDS,
        medianTokensPerSecond: Object.fromEntries(ENGINES.map((e) => [e, round(median(rates[e]), 1)])),
        llamaServerSideTokensPerSecond: round(median(serverSide), 1),
        medianTokens: Object.fromEntries(ENGINES.map((e) => [e, median(tokens[e])])),
        ratios: Object.fromEntries(
          Object.entries(ratios).map(([k, r]) => [k, { ratio: r.ratio, ci95: [r.low, r.high] }]),
        ),
      }),
    );
  } finally {
    await llama.stop();
    await lineup.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
