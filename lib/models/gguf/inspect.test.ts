import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { BAD_FILES, writeBadModelFiles } from "../demo/bad-files";
import { buildSpmVocab } from "../demo/spm-vocab";
import type { DemoModelSpec } from "../demo/specs";
import { tinyModelsDir, tinySpec } from "../testing/fixtures";
import { estimateMemoryBytes } from "../estimate";
import { inspectGguf, type ModelFacts } from "./inspect";

/** Parameters of a demo model counted from its spec, independently of the file. */
function expectedParameters(spec: DemoModelSpec): number {
  const vocab = buildSpmVocab(spec.words).tokens.length;
  const kvDim = (spec.embd / spec.heads) * spec.kvHeads;
  const ffn = spec.experts ? spec.embd * spec.experts + 3 * spec.embd * spec.ff * spec.experts : 3 * spec.embd * spec.ff;
  const layer = 2 * spec.embd + 2 * spec.embd * spec.embd + 2 * spec.embd * kvDim + ffn;
  return 2 * vocab * spec.embd + spec.embd + spec.layers * layer;
}

let models: { dir: string; cleanup: () => void };
const facts: Record<string, ModelFacts> = {};

beforeAll(async () => {
  models = tinyModelsDir();
  writeBadModelFiles(models.dir);
  for (const shape of ["dense", "gqa", "moe"] as const) {
    const result = await inspectGguf(path.join(models.dir, tinySpec(shape).file));
    if (!result.ok) throw new Error(result.reason);
    facts[shape] = result.facts;
  }
});
afterAll(() => models.cleanup());

describe("GGUF inspection", () => {
  it.each(["dense", "gqa", "moe"] as const)("reports exactly what the generator wrote for the %s model", (shape) => {
    const spec = tinySpec(shape);
    expect(facts[shape]).toMatchObject({
      architecture: "llama", demo: true, quantization: "Q8_0", layers: spec.layers, embeddingLength: spec.embd,
      heads: spec.heads, kvHeads: spec.kvHeads, gqaGroupSize: spec.heads / spec.kvHeads, headDim: spec.embd / spec.heads,
      experts: spec.experts ?? null, expertsUsed: spec.expertsUsed ?? null, contextLength: spec.contextLength,
      parameters: expectedParameters(spec),
    });
  });

  it("gives the GQA model a quarter of the dense model's KV cache per token at equal width", () => {
    expect(facts.gqa.embeddingLength).toBe(facts.dense.embeddingLength);
    expect(facts.gqa.kvBytesPerToken * 4).toBe(facts.dense.kvBytesPerToken);
    // KV bytes per token = 2 (K and V) x layers x KV heads x head size x 2 bytes (f16)
    expect(facts.dense.kvBytesPerToken).toBe(2 * 2 * 4 * 16 * 2);
  });

  it("estimates memory at any context as node-llama-cpp does, the compute buffers growing with the context", async () => {
    const { readGgufFileInfo, GgufInsights } = await import("node-llama-cpp");
    const file = path.join(models.dir, tinySpec("dense").file);
    const insights = await GgufInsights.from(await readGgufFileInfo(file));
    for (const contextSize of [1024, 4096, 8192]) {
      const theirs = insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0 }).cpuRam;
      const ours = estimateMemoryBytes(facts.dense, contextSize) - facts.dense.weightsBytes;
      expect(Math.abs(ours / theirs - 1)).toBeLessThan(0.05);
    }
    expect(facts.dense.computeBytesPerToken).toBeGreaterThan(0);
  });

  it("counts only the experts a token uses as active parameters", () => {
    const spec = tinySpec("moe");
    const expertParams = spec.layers * 3 * spec.embd * spec.ff * spec.experts!;
    expect(facts.moe.activeParameters).toBe(facts.moe.parameters - expertParams * (1 - spec.expertsUsed! / spec.experts!));
  });

  it.each([
    [BAD_FILES.notGguf, /Not a GGUF file/],
    [BAD_FILES.truncated, /truncated: its tensors need [\d,]+ bytes but it has [\d,]+/],
    [BAD_FILES.crashing, /llama.cpp would crash loading this file: llama.attention.head_count is missing\.$/],
  ])("refuses %s with its reason", async (file, reason) => {
    const result = await inspectGguf(path.join(models.dir, file));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
