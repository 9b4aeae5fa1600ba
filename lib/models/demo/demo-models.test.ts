import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeDemoEmbedder } from "./embedder-demo";
import { writeDemoModel } from "./llama-demo";
import { DEMO_MODELS } from "./specs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-demo-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const digest = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("demo model generator", () => {
  it.each(DEMO_MODELS.filter((m) => m.file.startsWith("tiny-") || m.shape === "gqa"))(
    "writes identical bytes twice for $file",
    (spec) => {
      writeDemoModel(spec, path.join(dir, "a.gguf"));
      writeDemoModel(spec, path.join(dir, "b.gguf"));
      expect(digest(path.join(dir, "a.gguf"))).toBe(digest(path.join(dir, "b.gguf")));
      if (spec.file.startsWith("tiny-")) expect(fs.statSync(path.join(dir, "a.gguf")).size).toBeLessThan(1024 * 1024);
    },
  );

  it("writes the embedding model identically twice", () => {
    const first = writeDemoEmbedder(path.join(dir, "e1"));
    const second = writeDemoEmbedder(path.join(dir, "e2"));
    for (const file of ["onnx/model.onnx", "tokenizer.json", "config.json"]) {
      expect(digest(path.join(first, file))).toBe(digest(path.join(second, file)));
    }
  });
});
