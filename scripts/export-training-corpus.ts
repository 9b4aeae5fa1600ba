// `npm run training:export`: writes the synthetic training corpus to training/data/, tokenised by llama.cpp
// itself (through node-llama-cpp, with a throwaway GGUF that carries the fitted vocabulary), so Python trains
// on exactly the token ids the shipped models will see at inference. Prints the data hash it records.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { SAMPLE_PRODUCTS } from "../lib/datasets/sample/products";
import {
  documentOf,
  ragExamples,
  synthCorpus,
  synthReviews,
  SYNTH_SEED,
  type RagExample,
} from "../lib/datasets/sample/synthetic";
import { writeLlamaGguf, llamaTensorLayout, type LlamaShape } from "../lib/models/trained/gguf";
import { demoEmbedderVocabulary, demoEmbeddingTable } from "../lib/models/demo/embedder-demo";
import { buildCorpusVocab } from "../lib/models/trained/vocab";

const out = path.resolve(process.argv[2] ?? "training/data");
const products = Number(process.env.SYNTH_PRODUCTS ?? 300);
const perProduct = Number(process.env.SYNTH_EXAMPLES ?? 120);

const corpus = synthCorpus(products, perProduct);
// The hand-written sample products are trained on too (the demo runs on them); the held-out synthetic
// products are what evaluation uses.
const sampleExamples = SAMPLE_PRODUCTS.flatMap((p) => {
  const product = { ...p, heldOut: false };
  return ragExamples(product, synthReviews(product, 12), perProduct);
});
const train = [...corpus.examples.filter((e) => !e.heldOut), ...sampleExamples];
const held = corpus.examples.filter((e) => e.heldOut);
const vocab = buildCorpusVocab(train.map((e) => `${e.prompt} ${e.answer}`));

const probe: LlamaShape = {
  embd: 32,
  layers: 1,
  heads: 1,
  kvHeads: 1,
  ff: 32,
  contextLength: 512,
  ropeBase: 10000,
  normEps: 1e-5,
};
const probeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lineup-vocab-")), "vocab-probe.gguf");
writeLlamaGguf(
  probeFile,
  { name: "vocab probe", description: "tokeniser only", shape: probe, vocab },
  llamaTensorLayout(probe, vocab.tokens.length).map((t) => ({ ...t, fill: (o) => o.fill(t.type === "F32" ? 1 : 0) })),
);
const llama = await getLlama({ gpu: false, build: "never" });
const model = await llama.loadModel({ modelPath: probeFile });

/** BOS, the prompt as the model worker tokenises it, the answer as the model would continue, EOS. */
function encode(e: RagExample): { ids: number[]; answerAt: number } {
  const prompt = model.tokenize(e.prompt, false, "trimLeadingSpace").map(Number);
  const answer = model.tokenize(` ${e.answer}`, false, "trimLeadingSpace").map(Number);
  return { ids: [vocab.bosId, ...prompt, ...answer, vocab.eosId], answerAt: 1 + prompt.length };
}

fs.mkdirSync(out, { recursive: true });
const hash = crypto.createHash("sha256");
function writeSplit(name: string, examples: RagExample[]) {
  const encoded = examples.map(encode);
  const tokens = new Uint16Array(encoded.reduce((n, e) => n + e.ids.length, 0));
  const starts: number[][] = [];
  let at = 0;
  for (const e of encoded) {
    tokens.set(e.ids, at);
    starts.push([at, at + e.answerAt, at + e.ids.length]);
    at += e.ids.length;
  }
  const bytes = Buffer.from(tokens.buffer);
  fs.writeFileSync(path.join(out, `${name}.u16`), bytes);
  fs.writeFileSync(path.join(out, `${name}.index.json`), JSON.stringify(starts));
  hash.update(bytes);
  return { examples: examples.length, tokens: tokens.length };
}
const splits = { train: writeSplit("train", train), eval: writeSplit("eval", held) };
fs.writeFileSync(path.join(out, "vocab.json"), JSON.stringify(vocab));
hash.update(JSON.stringify(vocab));
// Reviews of training products, with polarity: the embedder's contrastive training data.
const reviews = corpus.reviews.filter((r) => !corpus.products.find((p) => p.asin === r.asin)?.heldOut);
fs.writeFileSync(
  path.join(out, "reviews.json"),
  JSON.stringify(reviews.map((r) => ({ asin: r.asin, doc: documentOf(r), positive: r.positive }))),
);
const heldReviews = corpus.reviews.filter((r) => corpus.products.find((p) => p.asin === r.asin)?.heldOut);
fs.writeFileSync(
  path.join(out, "reviews-heldout.json"),
  JSON.stringify(heldReviews.map((r) => ({ asin: r.asin, doc: documentOf(r), positive: r.positive }))),
);
// The embedder starts from the bag-of-words demo table (so words it never trains on still match lexically),
// with the corpus words it lacks appended.
const known = new Set(demoEmbedderVocabulary());
const extra = [
  ...new Set(
    reviews.flatMap(
      (r) =>
        documentOf(r)
          .toLowerCase()
          .match(/[a-z0-9]+/g) ?? [],
    ),
  ),
]
  .filter((w) => !known.has(w) && w.length > 1)
  .sort();
const embedderVocab = [...known, ...extra];
fs.writeFileSync(path.join(out, "embedder-vocab.json"), JSON.stringify(embedderVocab));
fs.writeFileSync(path.join(out, "embedder-init.f32"), Buffer.from(demoEmbeddingTable(embedderVocab).buffer));
fs.writeFileSync(path.join(out, "eval-examples.json"), JSON.stringify(held.slice(0, 400)));
const sha256 = hash.digest("hex");
fs.writeFileSync(
  path.join(out, "data.json"),
  JSON.stringify(
    {
      seed: SYNTH_SEED,
      products,
      perProduct,
      sampleProducts: SAMPLE_PRODUCTS.length,
      vocabSize: vocab.tokens.length,
      splits,
      sha256,
    },
    null,
    1,
  ),
);
console.log(JSON.stringify({ out, vocabSize: vocab.tokens.length, splits, sha256 }));
await model.dispose();
fs.rmSync(path.dirname(probeFile), { recursive: true, force: true });
