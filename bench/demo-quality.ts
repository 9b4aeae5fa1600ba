// `npm run bench:quality`: what the trained demo models and embedder are worth on text they never saw, through
// node-llama-cpp and transformers.js (the same tokenisation, templates and sampling as a run). Three sets:
// - "copy held-out": products of the training generator (training/corpus/copy-world.ts) held out of training;
// - "older generator": the earlier synthetic catalogue (lib/datasets/sample/synthetic.ts), never trained on now;
// - "real": Amazon review sentences (bench/data/uci-sentiment), grouped into pseudo-products.
// Per model, per prompt format (raw; chat where the file has a template), per set: groundedness and reference F1
// (lib/metrics/content-overlap.ts) with bootstrap 95% intervals, the share of answers that echo the prompt (a
// failure: an echoing answer scores 0 on both), the share that say the reviews do not answer; decode tok/s
// (median, models taking turns). Retrieval by rating: for "like" questions the share of the top k rated positive,
// for "dislike" rated negative, against the base rate. QUALITY_TEMPERATURE (0.7) sets the sampling temperature.
// OLD_WEIGHTS=<dir> adds an earlier training/weights (say, `git archive`d) as "old" rows.
// Last line: one JSON object.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sampleRows } from "../lib/datasets/sample/generate";
import { synthCorpus } from "../lib/datasets/sample/synthetic";
import { loadEmbedder } from "../lib/embeddings/embedder";
import { bootstrapMean } from "../lib/metrics/bootstrap";
import { cosine } from "../lib/metrics/cosine";
import { groundedness, referenceF1 } from "../lib/metrics/content-overlap";
import { DEMO_EMBEDDER_ID } from "../lib/models/demo/embedder-demo";
import { ensureDemoModels, ensureTrainedModels } from "../lib/models/demo/ensure";
import { DEMO_MODELS } from "../lib/models/demo/specs";
import { TRAINED_EMBEDDER_ID } from "../lib/models/trained/embedder";
import { answer, hasChatTemplate, loadForEval } from "../lib/models/trained/llama-eval";
import { SHIPPED_WEIGHTS_DIR } from "../lib/models/trained/shipped";
import { TRAINED_MODELS } from "../lib/models/trained/specs";
import { seededRandom } from "../lib/random";
import { buildPrompt, DEFAULT_PROMPT, DEFAULT_QUESTIONS } from "../lib/runs/settings";
import { copyCorpus, quotingAnswer } from "../training/corpus/copy-world";
import { realReviews } from "./lib/real-reviews";
import { median, round } from "./lib/stats";

const GEN = Number(process.env.QUALITY_GENERATIONS ?? 40);
const SPEED_PROMPTS = Number(process.env.QUALITY_SPEED_PROMPTS ?? 12);
const OLD = process.env.OLD_WEIGHTS;
/** The weights to measure (default: the shipped ones), and which parts to run ("models,retrieval"). */
const WEIGHTS = process.env.QUALITY_WEIGHTS ?? SHIPPED_WEIGHTS_DIR;
const PARTS = new Set((process.env.QUALITY_PARTS ?? "models,retrieval").split(","));
const THREADS = 1;
// The run form's default temperature; QUALITY_TEMPERATURE=0 shows what greedy decoding makes of the same prompts.
const TEMPERATURE = Number(process.env.QUALITY_TEMPERATURE || 0.7);
if (!(TEMPERATURE >= 0 && TEMPERATURE <= 2))
  throw new Error(`QUALITY_TEMPERATURE is ${process.env.QUALITY_TEMPERATURE}: give a number from 0 to 2`);
const SETTINGS = { maxTokens: 96, temperature: TEMPERATURE, seed: 42 };

type Example = { question: string; context: string[]; prompt: string; reference: string | null };

// --- the three sets -----------------------------------------------------------------------------------------
const spread = <T>(items: T[], n: number): T[] =>
  items.filter((_, i) => i % Math.max(1, Math.floor(items.length / n)) === 0).slice(0, n);
const copyHeld = spread(
  copyCorpus(2500, 24).examples.filter((e) => e.heldOut),
  GEN,
).map((e) => ({ ...e, reference: e.answer }));
const older = spread(
  synthCorpus().examples.filter((e) => e.heldOut),
  GEN,
).map((e) => ({ ...e, reference: e.answer }));

/** Two sentences of one real pseudo-product, mostly answering the question (as a retriever would give them). */
function realExamples(n: number): Example[] {
  const reviews = realReviews();
  const groups = [...new Set(reviews.map((r) => r.group))];
  const rand = seededRandom("lineup-real-examples-v1");
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const own = reviews.filter((r) => r.group === groups[i % groups.length]);
    const like = i % 2 === 0;
    const [match, miss] = like
      ? [own.filter((r) => r.positive), own.filter((r) => !r.positive)]
      : [own.filter((r) => !r.positive), own.filter((r) => r.positive)];
    const roll = rand();
    const a = pick(roll < 0.9 ? match : miss);
    let b = pick(roll < 0.7 ? match : miss);
    while (b === a) b = pick(roll < 0.7 ? match : miss);
    const context = [a, b];
    const quotes = context.filter((r) => r.positive === like).map((r) => r.text);
    const question = DEFAULT_QUESTIONS[like ? 0 : 1];
    const docs = context.map((r) => r.text);
    return {
      question,
      context: docs,
      prompt: buildPrompt(DEFAULT_PROMPT, question, docs),
      reference: quotingAnswer(like ? "like" : "dislike", quotes, rand),
    };
  });
}
const SETS: Record<string, Example[]> = {
  "copy held-out": copyHeld,
  "older generator": older,
  real: realExamples(GEN),
};

// --- the models ---------------------------------------------------------------------------------------------
const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-quality-"));
const oldDir = path.join(modelsDir, "old");
ensureTrainedModels(modelsDir, () => {}, WEIGHTS);
if (OLD) ensureTrainedModels(oldDir, () => {}, OLD);
const baseline = DEMO_MODELS.find((m) => m.file === "demo-gqa.Q8_0.gguf")!;
ensureDemoModels(modelsDir, [baseline]);
const entries = [
  ...TRAINED_MODELS.map((m) => ({ label: m.id, file: path.join(modelsDir, m.file) })),
  ...(OLD ? TRAINED_MODELS.map((m) => ({ label: `${m.id} (old)`, file: path.join(oldDir, m.file) })) : []),
  { label: "untrained demo-gqa", file: path.join(modelsDir, baseline.file) },
];

/** The prompt's own words coming back: its instructions, its labels, or a template's markers. */
const ECHO =
  /use the following pieces of context|answer the question at the end|question:|answer:|<\|im_(start|end)\|>/i;
const NONE = /do not (say|mention)/i;
const interval = (xs: number[]) => {
  const b = bootstrapMean(xs, 1000, "quality");
  return b && { mean: round(b.mean), lo: round(b.lo), hi: round(b.hi), n: b.n };
};

type Cell = {
  model: string;
  format: "raw" | "chat";
  set: string;
  groundedness: unknown;
  referenceF1: unknown;
  echoRate: number;
  noneRate: number;
  meanTokens: number;
  example: string;
  /** The first answer that echoed the prompt, to see what the echo is. */
  echoExample: string | null;
};
const cells: Cell[] = [];
for (const entry of PARTS.has("models") ? entries : []) {
  const m = await loadForEval(entry.file, THREADS);
  const formats: Array<"raw" | "chat"> =
    hasChatTemplate(m) && !entry.label.startsWith("untrained") ? ["raw", "chat"] : ["raw"];
  for (const format of formats) {
    for (const [set, examples] of Object.entries(SETS)) {
      const g: number[] = [],
        f1: number[] = [],
        tokens: number[] = [];
      let echo = 0,
        none = 0,
        example = "",
        echoExample: string | null = null;
      for (const e of examples) {
        const a = await answer(m, e.prompt, SETTINGS, format);
        // An answer that repeats the prompt fails: it scores 0, however much of the context it repeats with it.
        const echoed = ECHO.test(a.text);
        g.push(echoed ? 0 : groundedness(a.text, e.context));
        if (e.reference) f1.push(echoed ? 0 : referenceF1(a.text, e.reference));
        tokens.push(a.tokens);
        if (echoed) {
          echo++;
          echoExample ??= a.text;
        }
        if (NONE.test(a.text)) none++;
        example ||= `Q: ${e.question} | context: ${JSON.stringify(e.context)} | A: ${a.text}`;
      }
      const cell = {
        model: entry.label,
        format,
        set,
        groundedness: interval(g),
        referenceF1: interval(f1),
        echoRate: round(echo / examples.length),
        noneRate: round(none / examples.length),
        meanTokens: round(tokens.reduce((x, y) => x + y, 0) / tokens.length, 1),
        example,
        echoExample,
      };
      cells.push(cell);
      console.log(
        `${entry.label} [${format}] ${set}: grounded ${JSON.stringify(cell.groundedness)} F1 ${JSON.stringify(cell.referenceF1)} echo ${cell.echoRate} none ${cell.noneRate}${echoExample ? ` (echoed: ${JSON.stringify(echoExample.slice(0, 200))})` : ""}`,
      );
    }
  }
  await m.dispose();
}

// Speed apart: all models loaded, taking turns on the same real prompts (order rotating); median decode rate.
const loaded = PARTS.has("models") ? await Promise.all(entries.map((e) => loadForEval(e.file, THREADS))) : [];
const rates: number[][] = entries.map(() => []);
for (let i = 0; i < (PARTS.has("models") ? SPEED_PROMPTS : 0); i++) {
  const e = SETS.real[i % SETS.real.length];
  for (let j = 0; j < entries.length; j++) {
    const k = (i + j) % entries.length;
    const a = await answer(loaded[k], e.prompt, { ...SETTINGS, seed: 42 + i });
    if (a.generationTokensPerSecond) rates[k].push(a.generationTokensPerSecond);
  }
}
await Promise.all(loaded.map((m) => m.dispose()));
const speed = Object.fromEntries(
  entries.map((e, k) => [e.label, { median: round(median(rates[k]), 0), n: rates[k].length }]),
);

// --- retrieval by rating ------------------------------------------------------------------------------------
type Doc = { group: string; text: string; positive: boolean };
const sampleDocs: Doc[] = sampleRows()
  .filter((r) => r[6].trim() && r[4] !== "3")
  .map((r) => ({
    group: r[2],
    positive: Number(r[4]) >= 4,
    text: [r[5], r[6]]
      .filter(Boolean)
      .map((p, i, all) => (i < all.length - 1 && !/[.!?]$/.test(p) ? `${p}.` : p))
      .join(" "),
  }));
const RETRIEVAL_SETS: Record<string, Doc[]> = { real: realReviews(), sample: sampleDocs };
const QUESTIONS = {
  like: [DEFAULT_QUESTIONS[0], "What do customers praise?", "What are the good points?"],
  dislike: [DEFAULT_QUESTIONS[1], "What do people complain about?", "What problems do people mention?"],
};
const embedders = [
  { label: "bag of words", dir: modelsDir, id: DEMO_EMBEDDER_ID },
  { label: "trained", dir: modelsDir, id: TRAINED_EMBEDDER_ID },
  ...(OLD ? [{ label: "trained (old)", dir: oldDir, id: TRAINED_EMBEDDER_ID }] : []),
];
ensureDemoModels(modelsDir, []);
const retrieval: Record<string, unknown> = {};
for (const emb of PARTS.has("retrieval") ? embedders : []) {
  const embedder = await loadEmbedder(emb.dir, emb.id);
  for (const [set, docs] of Object.entries(RETRIEVAL_SETS)) {
    const vectors = await embedder.embed(docs.map((d) => d.text));
    const result: Record<string, unknown> = {};
    for (const [want, questions] of Object.entries(QUESTIONS)) {
      const qv = await embedder.embed(questions);
      for (const k of [2, 4]) {
        const shares: number[] = [];
        for (const group of new Set(docs.map((d) => d.group))) {
          const own = docs.map((d, i) => ({ d, v: vectors[i] })).filter(({ d }) => d.group === group);
          for (const q of qv) {
            const top = own
              .map(({ d, v }) => ({ d, s: cosine(v, q) }))
              .sort((a, b) => b.s - a.s)
              .slice(0, k);
            shares.push(top.filter(({ d }) => d.positive === (want === "like")).length / top.length);
          }
        }
        result[`${want}@${k}`] = interval(shares);
      }
      const base = docs.filter((d) => d.positive === (want === "like")).length / docs.length;
      result[`${want} base rate`] = round(base);
    }
    retrieval[`${emb.label} / ${set}`] = result;
    console.log(`retrieval ${emb.label} / ${set}: ${JSON.stringify(result)}`);
  }
}
fs.rmSync(modelsDir, { recursive: true, force: true });

const fmt = (c: { mean: number; lo: number; hi: number } | null) =>
  c ? `${c.mean.toFixed(2)} [${c.lo.toFixed(2)}, ${c.hi.toFixed(2)}]` : "–";
console.log("\n| model | format | set | groundedness | reference F1 | echo | says none | tok/s |");
console.log("|---|---|---|---|---|---|---|---|");
for (const c of cells) {
  console.log(
    `| ${c.model} | ${c.format} | ${c.set} | ${fmt(c.groundedness as never)} | ${fmt(c.referenceF1 as never)} | ${c.echoRate} | ${c.noneRate} | ${speed[c.model].median} |`,
  );
}
for (const c of cells.filter((c) => c.set === "real" && c.format === "raw").slice(0, 4))
  console.log(`\n${c.model}: ${c.example}`);
console.log(
  JSON.stringify({
    bench: "quality",
    generationsPerSet: GEN,
    threads: THREADS,
    settings: SETTINGS,
    old: Boolean(OLD),
    cells,
    speed,
    retrieval,
  }),
);
process.exit(0);
