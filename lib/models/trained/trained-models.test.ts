import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthCorpus } from "../../datasets/sample/synthetic";
import { groundedness } from "../../metrics/content-overlap";
import { writeDemoModel } from "../demo/llama-demo";
import { tinySpec } from "../testing/fixtures";
import { TRAINED_EMBEDDER_ID, writeTrainedEmbedder } from "./embedder";
import { answer, loadForEval } from "./llama-eval";
import { SHIPPED_WEIGHTS_DIR, writeShippedGguf } from "./shipped";
import { TRAINED_MODELS } from "./specs";

// The shipped trained models, as `npm start` writes them: deterministic files that llama.cpp loads, whose
// answers on products they never saw are made of the retrieved reviews' words (an untrained model's are not).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-trained-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const heldOut = synthCorpus().examples.filter((e) => e.heldOut);
// Six held-out questions: like and dislike, on different products.
const probes = [0, 1, 2, 3, 4, 5].map((i) => heldOut.filter((e) => e.question.includes(i % 2 ? "dislike" : " like"))[i * 97]);
const settings = { maxTokens: 64, temperature: 0.7, seed: 42 };

describe("shipped trained models", () => {
  it("write byte-identical GGUF files and embedder folders on every write", () => {
    for (const m of TRAINED_MODELS) {
      const a = path.join(dir, `a-${m.file}`);
      const b = path.join(dir, `b-${m.file}`);
      writeShippedGguf(SHIPPED_WEIGHTS_DIR, m.id, a);
      writeShippedGguf(SHIPPED_WEIGHTS_DIR, m.id, b);
      expect(sha(a), m.file).toBe(sha(b));
      fs.renameSync(a, path.join(dir, m.file));
      fs.rmSync(b);
    }
    for (const sub of ["e1", "e2"]) writeTrainedEmbedder(SHIPPED_WEIGHTS_DIR, path.join(dir, sub));
    for (const file of ["onnx/model.onnx", "tokenizer.json", "config.json"]) {
      expect(sha(path.join(dir, "e1", TRAINED_EMBEDDER_ID, file)), file).toBe(sha(path.join(dir, "e2", TRAINED_EMBEDDER_ID, file)));
    }
  });

  it("load in llama.cpp and answer held-out questions", async () => {
    for (const m of TRAINED_MODELS) {
      const loaded = await loadForEval(path.join(dir, m.file));
      try {
        const a = await answer(loaded, probes[0].prompt, settings);
        expect(a.tokens, m.id).toBeGreaterThan(3);
        expect(a.text, m.id).toMatch(/[a-z]{3}/);
      } finally {
        await loaded.dispose();
      }
    }
  });

  it("answer from the retrieved reviews, far more than an untrained model does", async () => {
    const untrainedFile = path.join(dir, "untrained.gguf");
    writeDemoModel(tinySpec("dense"), untrainedFile);
    const score = async (file: string) => {
      const loaded = await loadForEval(file);
      try {
        let total = 0;
        for (const p of probes) total += groundedness((await answer(loaded, p.prompt, settings)).text, p.context);
        return total / probes.length;
      } finally {
        await loaded.dispose();
      }
    };
    const trained = await score(path.join(dir, "lineup-dense.Q8_0.gguf"));
    const untrained = await score(untrainedFile);
    // bench/demo-quality.ts measures about 0.7 for this model over 60 held-out answers, and 0.0 untrained.
    expect(trained).toBeGreaterThan(0.45);
    expect(trained).toBeGreaterThan(untrained + 0.3);
  });
});
