import fs from "node:fs";
import path from "node:path";
import { writeDemoModel } from "./llama-demo";
import { DEMO_MODELS } from "./specs";

// Broken model files of the three kinds users meet, for tests and for trying the inventory by hand.

export const BAD_FILES = {
  notGguf: "not-a-model.gguf",
  truncated: "truncated.gguf",
  crashing: "no-head-count.gguf",
} as const;

export function writeBadModelFiles(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, BAD_FILES.notGguf), "<!DOCTYPE html><html>This is a download error page, not a model.</html>\n");

  const tiny = DEMO_MODELS.find((m) => m.file.startsWith("tiny-dense"))!;
  const whole = path.join(dir, `.whole-${process.pid}.gguf`);
  writeDemoModel(tiny, whole);
  const bytes = fs.readFileSync(whole);
  fs.writeFileSync(path.join(dir, BAD_FILES.truncated), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  fs.rmSync(whole);

  // A complete model whose metadata lacks attention.head_count: llama.cpp aborts the process on it.
  writeDemoModel(tiny, path.join(dir, BAD_FILES.crashing), ["llama.attention.head_count"]);
}
