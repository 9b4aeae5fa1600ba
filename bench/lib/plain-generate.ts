// The baseline for bench/overhead: node-llama-cpp used directly, as a plain script would, with the same
// model, prompt, seed, threads and token limit. Generates twice and reports the second (warm) generation.
// Usage: tsx bench/lib/plain-generate.ts <model.gguf> <prompt-file> <seed> <threads> <maxTokens> <contextSize>
import fs from "node:fs";
import { getLlama, LlamaCompletion } from "node-llama-cpp";

const [modelPath, promptFile, seed, threads, maxTokens, contextSize] = process.argv.slice(2);
const prompt = fs.readFileSync(promptFile, "utf8");
const llama = await getLlama({ gpu: false, build: "never" });
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({ contextSize: Number(contextSize), threads: Number(threads) });
const sequence = context.getSequence();
const completion = new LlamaCompletion({ contextSequence: sequence });
let result = { tokens: 0, generationTokensPerSecond: 0, text: "" };
for (let i = 0; i < 2; i++) {
  await sequence.clearHistory();
  const times: number[] = [];
  const started = performance.now();
  const text = await completion.generateCompletion(prompt, {
    maxTokens: Number(maxTokens),
    temperature: 0.7,
    seed: Number(seed),
    onToken: (tokens) => tokens.forEach(() => times.push(performance.now() - started)),
  });
  const end = performance.now() - started;
  result = { tokens: times.length, generationTokensPerSecond: ((times.length - 1) / (end - times[0])) * 1000, text };
}
console.log(JSON.stringify(result));
process.exit(0);
