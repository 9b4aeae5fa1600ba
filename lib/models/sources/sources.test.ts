import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromModelsDir } from "./folders";
import { ollamaName } from "./ollama";
import { walkGguf } from "./walk";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-walk-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function put(rel: string) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), "x");
}

describe("the bounded walk for model files", () => {
  it("goes as deep as allowed, skips hidden entries and other files, and ends link loops", () => {
    put("a.gguf");
    put("one/two/b.GGUF");
    put("one/two/three/four/c.gguf");
    put(".hidden/d.gguf");
    put("one/.partial.gguf");
    put("one/readme.txt");
    fs.symlinkSync("..", path.join(root, "one", "back"));
    fs.symlinkSync(path.join(root, "one"), path.join(root, "again"));
    fs.mkdirSync(path.join(root, "folder.gguf")); // a folder named like a model is walked into, not listed
    const rels = (maxDepth: number) => walkGguf(root, { maxDepth, maxEntries: 1000 }).map((f) => f.rel);
    expect(rels(3)).toEqual(["a.gguf", "one/two/b.GGUF"]);
    // Each real folder once, under its real name: "again" and "one/back" are links to folders already walked.
    expect(rels(5)).toEqual(["a.gguf", "one/two/b.GGUF", "one/two/three/four/c.gguf"]);
  });

  it("stops at the entry cap instead of reading a huge tree", () => {
    const wide = path.join(root, "wide");
    fs.mkdirSync(wide);
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(wide, `m${String(i).padStart(2, "0")}.gguf`), "x");
    expect(walkGguf(wide, { maxDepth: 2, maxEntries: 10 })).toHaveLength(10);
  });
});

describe("the models folder", () => {
  it("refuses a file whose name would read as another source's id or a remote model", () => {
    const dir = path.join(root, "reserved");
    fs.mkdirSync(path.join(dir, "remote:host"), { recursive: true });
    fs.writeFileSync(path.join(dir, "remote:host", "m.gguf"), "x");
    fs.writeFileSync(path.join(dir, "ollama:x.gguf"), "x");
    fs.writeFileSync(path.join(dir, "fine:name.gguf"), "x");
    const found = fromModelsDir(dir).map((f) => [f.id, "problem" in f ? f.problem : "ok"]);
    expect(found).toEqual([
      ["fine:name.gguf", "ok"],
      ["ollama:x.gguf", expect.stringMatching(/starts with "ollama:".*Rename it/)],
      ["remote:host/m.gguf", expect.stringMatching(/starts with "remote:"/)],
    ]);
  });
});

describe("Ollama names", () => {
  it("are the names `ollama list` shows", () => {
    expect(ollamaName("registry.ollama.ai", "library", "mistral", "7b-instruct")).toBe("mistral:7b-instruct");
    expect(ollamaName("registry.ollama.ai", "someone", "model", "latest")).toBe("someone/model:latest");
    expect(ollamaName("hf.co", "bartowski", "Llama-3.2-1B-Instruct-GGUF", "Q4_K_M")).toBe("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M");
  });
});
