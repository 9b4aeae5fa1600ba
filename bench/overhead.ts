// bench/overhead: (1) generation rate of a model through the whole product (HTTP API, run queue, worker
// process, events, database) against a plain node-llama-cpp script on the same model, prompt, seed and threads,
// in alternating rounds (default 10: three were too noisy here, 0.85 to 0.997 within ten minutes), the ratio
// with a bootstrap 95% interval; (2) the delay from a token leaving the worker to its event reaching an SSE client.
// Needs a production build (npm run build). The last line of output is one JSON object with the figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { modelPathIn, pipelineRound, plainRound, startLineup, type Bench } from "./lib/engines";
import { formatInterval, median, percentile, ratioInterval, round } from "./lib/stats";

const PORT = Number(process.env.BENCH_PORT ?? 3190);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const bench: Bench = {
  model: process.env.BENCH_MODEL ?? "demo-gqa.Q8_0.gguf",
  other: "tiny-dense-mha.Q8_0.gguf",
  maxTokens: 256,
  seed: 11,
  threads: Number(process.env.BENCH_THREADS ?? 1),
  contextSize: 1024,
};
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-overhead-"));
const modelsDir = path.join(work, "models");

async function main() {
  const lineup = await startLineup(PORT, work, modelsDir);
  try {
    const question = "What do people like about the product?";
    const promptFile = path.join(work, "prompt.txt");
    const pipeline: number[] = [];
    const plain: number[] = [];
    const delays: number[] = [];
    let tokens = { pipeline: 0, plain: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which side goes first (after the first round, which gives the prompt), so neither always
      // runs on a machine just warmed by the other.
      const plainFirst = r % 2 === 1;
      const b0 = plainFirst ? plainRound(modelPathIn(modelsDir, bench.model), promptFile, bench) : null;
      const p = await pipelineRound(lineup, bench, question);
      fs.writeFileSync(promptFile, p.prompt);
      const b = b0 ?? plainRound(modelPathIn(modelsDir, bench.model), promptFile, bench);
      pipeline.push(p.rate);
      plain.push(b.rate);
      delays.push(...p.delays);
      tokens = { pipeline: p.tokens, plain: b.tokens };
      console.log(
        `round ${r + 1}: pipeline ${p.rate.toFixed(1)} tok/s (${p.tokens} tokens), plain ${b.rate.toFixed(1)} tok/s (${b.tokens} tokens), SSE delay p95 so far ${percentile(delays, 95).toFixed(1)} ms`,
      );
    }
    const ratio = ratioInterval(pipeline, plain);
    console.log(`pipeline / plain: ${formatInterval(ratio)}`);
    console.log(
      JSON.stringify({
        bench: "overhead",
        date: new Date().toISOString(),
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        model: bench.model,
        threads: bench.threads,
        maxTokens: bench.maxTokens,
        seed: bench.seed,
        rounds: ROUNDS,
        tokensPipeline: tokens.pipeline,
        tokensPlain: tokens.plain,
        pipelineTokensPerSecond: round(median(pipeline), 2),
        plainTokensPerSecond: round(median(plain), 2),
        pipelineToPlainRatio: ratio.ratio,
        pipelineToPlainCi95: [ratio.low, ratio.high],
        ratioGoal: 0.97,
        sseDelayP50Ms: round(percentile(delays, 50), 2),
        sseDelayP95Ms: round(percentile(delays, 95), 2),
        sseDelayGoalP95Ms: 50,
        tokenEvents: delays.length,
      }),
    );
  } finally {
    await lineup.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
