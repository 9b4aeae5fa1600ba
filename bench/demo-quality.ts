// `node --import tsx bench/demo-quality.ts`: what the trained demo models are worth, measured on synthetic
// products held out of training, through node-llama-cpp (the same tokenisation and sampling as a run):
// - perplexity (whole example, and the answer alone) from llama.cpp's own token probabilities;
// - groundedness and reference F1 (lib/metrics/content-overlap.ts) of answers sampled as a run does
//   (temperature 0.7, seed 42), against the two reviews in the prompt and the generator's reference answer;
// - generation rate (decode only, 1 thread; median over prompts, models taking turns) and KV-cache bytes per
//   token (f16, from the file);
// - retrieval recall@2 on the sample dataset: of the two reviews retrieved per product for the "like"
//   question, the share that are positive (rating >= 4), and for "dislike" negative (rating <= 2).
// An untrained demo model is the baseline. Last line: one JSON object.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SAMPLE_PRODUCTS } from "../lib/datasets/sample/products";
import { sampleRows } from "../lib/datasets/sample/generate";
import { synthCorpus } from "../lib/datasets/sample/synthetic";
import { loadEmbedder } from "../lib/embeddings/embedder";
import { groundedness, referenceF1 } from "../lib/metrics/content-overlap";
import { DEMO_EMBEDDER_ID } from "../lib/models/demo/embedder-demo";
import { ensureDemoModels, ensureTrainedModels } from "../lib/models/demo/ensure";
import { DEMO_MODELS } from "../lib/models/demo/specs";
import { inspectGguf } from "../lib/models/gguf/inspect";
import { TRAINED_EMBEDDER_ID } from "../lib/models/trained/embedder";
import { answer, loadForEval, negLogLikelihood } from "../lib/models/trained/llama-eval";
import { TRAINED_MODELS } from "../lib/models/trained/specs";
import { DEFAULT_QUESTIONS } from "../lib/runs/settings";

const GEN = Number(process.env.QUALITY_GENERATIONS ?? 60);
const PPL = Number(process.env.QUALITY_PERPLEXITY ?? 100);
const THREADS = 1;
const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-quality-"));
const baseline = DEMO_MODELS.find((m) => m.file === "demo-gqa.Q8_0.gguf")!;
ensureTrainedModels(modelsDir);
ensureDemoModels(modelsDir, [baseline]);

// Held-out examples, spread over products and alternating like/dislike questions.
const held = synthCorpus().examples.filter((e) => e.heldOut);
const byProduct = new Map<string, typeof held>();
for (const e of held) byProduct.set(e.asin, [...(byProduct.get(e.asin) ?? []), e]);
const spread = (n: number, offset: number) =>
  [...byProduct.values()]
    .flatMap((list) => list.slice(offset, offset + 4))
    .filter((_, i) => i % Math.ceil((byProduct.size * 4) / n) === 0)
    .slice(0, n);
const genSet = spread(GEN, 0);
const pplSet = spread(PPL, 4);

type Row = {
  model: string;
  kind: string;
  params: number;
  activeParams: number;
  kvBytesPerToken: number;
  perplexity: number | null;
  answerPerplexity: number | null;
  groundedness: number;
  referenceF1: number;
  generationTokensPerSecond: number;
  meanAnswerTokens: number;
  example?: { question: string; context: string[]; answer: string };
};
const rows: Row[] = [];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

for (const entry of [
  ...TRAINED_MODELS.map((m) => ({ file: m.file, kind: m.kind, trained: true })),
  { file: baseline.file, kind: "untrained gqa", trained: false },
]) {
  const file = path.join(modelsDir, entry.file);
  const inspected = await inspectGguf(file);
  if (!inspected.ok) throw new Error(`${entry.file}: ${inspected.reason}`);
  const m = await loadForEval(file, THREADS);
  let perplexity: number | null = null;
  let answerPerplexity: number | null = null;
  if (entry.trained) {
    // Perplexity compares only models with the same tokenizer: the trained ones share one.
    const sums = { all: [0, 0], answer: [0, 0] };
    for (const e of pplSet) {
      const nll = await negLogLikelihood(m, e.prompt, e.answer);
      sums.all[0] += nll.all[0];
      sums.all[1] += nll.all[1];
      sums.answer[0] += nll.answer[0];
      sums.answer[1] += nll.answer[1];
    }
    perplexity = Math.exp(sums.all[0] / sums.all[1]);
    answerPerplexity = Math.exp(sums.answer[0] / sums.answer[1]);
  }
  const g: number[] = [],
    f1: number[] = [],
    len: number[] = [];
  let example: Row["example"];
  for (const e of genSet) {
    const a = await answer(m, e.prompt, { maxTokens: 96, temperature: 0.7, seed: 42 });
    g.push(groundedness(a.text, e.context));
    f1.push(referenceF1(a.text, e.answer));
    len.push(a.tokens);
    example ??= { question: e.question, context: e.context, answer: a.text };
  }
  await m.dispose();
  const f = inspected.facts;
  rows.push({
    model: entry.file,
    kind: entry.kind,
    params: f.parameters,
    activeParams: f.activeParameters,
    kvBytesPerToken: f.kvBytesPerToken,
    perplexity,
    answerPerplexity,
    groundedness: mean(g),
    referenceF1: mean(f1),
    generationTokensPerSecond: 0,
    meanAnswerTokens: mean(len),
    example,
  });
  console.log(
    `${entry.file}: ppl ${perplexity?.toFixed(2) ?? "-"} grounded ${mean(g).toFixed(2)} F1 ${mean(f1).toFixed(2)}`,
  );
}

// Speed, measured apart: every model loaded at once and taking turns on the same prompts (order rotating), so
// a busy machine slows all of them alike; the median decode rate per model is reported.
const SPEED_PROMPTS = Number(process.env.QUALITY_SPEED_PROMPTS ?? 30);
const loadedAll = await Promise.all(rows.map((r) => loadForEval(path.join(modelsDir, r.model), THREADS)));
const rates: number[][] = rows.map(() => []);
for (let i = 0; i < SPEED_PROMPTS; i++) {
  const e = genSet[i % genSet.length];
  for (let j = 0; j < rows.length; j++) {
    const k = (i + j) % rows.length;
    const a = await answer(loadedAll[k], e.prompt, { maxTokens: 96, temperature: 0.7, seed: 42 + i });
    if (a.generationTokensPerSecond) rates[k].push(a.generationTokensPerSecond);
  }
}
await Promise.all(loadedAll.map((m) => m.dispose()));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
rows.forEach((r, k) => (r.generationTokensPerSecond = median(rates[k])));

// Retrieval on the sample dataset: both embedders, per product, the two default questions.
const COLS = { asin: 2, rating: 4, title: 5, text: 6 };
const docs = sampleRows()
  .filter((r) => r[COLS.text].trim() && r[COLS.rating] !== "3")
  .map((r) => ({
    asin: r[COLS.asin],
    positive: Number(r[COLS.rating]) >= 4,
    text: [r[COLS.title], r[COLS.text]]
      .filter(Boolean)
      .map((p, i, all) => (i < all.length - 1 && !/[.!?]$/.test(p) ? `${p}.` : p))
      .join(" "),
  }));
const recall: Record<string, { like: number; dislike: number }> = {};
for (const id of [DEMO_EMBEDDER_ID, TRAINED_EMBEDDER_ID]) {
  const embedder = await loadEmbedder(modelsDir, id);
  const vectors = await embedder.embed(docs.map((d) => d.text));
  const [like, dislike] = await embedder.embed(DEFAULT_QUESTIONS);
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
  const hits = { like: 0, dislike: 0 };
  for (const p of SAMPLE_PRODUCTS) {
    const idx = docs.map((d, i) => ({ d, i })).filter(({ d }) => d.asin === p.asin);
    for (const [name, q] of [
      ["like", like],
      ["dislike", dislike],
    ] as const) {
      const top = idx
        .map(({ d, i }) => ({ d, s: dot(q, vectors[i]) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 2);
      hits[name] += top.filter(({ d }) => d.positive === (name === "like")).length;
    }
  }
  recall[id] = { like: hits.like / (2 * SAMPLE_PRODUCTS.length), dislike: hits.dislike / (2 * SAMPLE_PRODUCTS.length) };
}
fs.rmSync(modelsDir, { recursive: true, force: true });

const fmt = (v: number | null, d = 2) => (v === null ? "–" : v.toFixed(d));
console.log(
  "\n| model | params (active) | KV bytes/token | perplexity (answer) | groundedness | reference F1 | gen tok/s (median) |",
);
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.model} | ${(r.params / 1e6).toFixed(2)}M (${(r.activeParams / 1e6).toFixed(2)}M) | ${r.kvBytesPerToken} | ${fmt(r.perplexity)} (${fmt(r.answerPerplexity)}) | ${fmt(r.groundedness)} | ${fmt(r.referenceF1)} | ${fmt(r.generationTokensPerSecond, 0)} |`,
  );
}
console.log(`\nrecall@2 on the sample data: ${JSON.stringify(recall)}`);
for (const r of rows.slice(0, 2))
  console.log(
    `\nexample (${r.model}): Q: ${r.example?.question}\ncontext: ${JSON.stringify(r.example?.context)}\nA: ${r.example?.answer}`,
  );
console.log(
  JSON.stringify({
    heldOutGenerations: genSet.length,
    heldOutPerplexityExamples: pplSet.length,
    threads: THREADS,
    models: rows,
    recallAt2: recall,
  }),
);
process.exit(0);
