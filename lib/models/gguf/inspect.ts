import "server-only";
import fs from "node:fs";
import { GgufFileType, GgufInsights, readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { ggmlTensorBytes } from "./tensor-size";

// Reads a GGUF file's header without loading weights, explains its architecture, and refuses files that
// would crash llama.cpp (some abort the whole process, which no try/catch survives).

export type ModelFacts = {
  name: string;
  architecture: string;
  description: string | null;
  demo: boolean;
  /** A Lineup model trained on synthetic reviews (training/): tiny, but its answers mean something. */
  trained: boolean;
  /** A real-size stand-in (lib/models/standins/): random weights, for speed and memory only. Absent in facts read before it existed. */
  standin?: boolean;
  quantization: string;
  parameters: number;
  activeParameters: number;
  contextLength: number | null;
  layers: number;
  embeddingLength: number;
  heads: number;
  kvHeads: number;
  /** Query heads per key/value head: 1 is plain multi-head attention. */
  gqaGroupSize: number;
  headDim: number;
  slidingWindow: number | null;
  experts: number | null;
  expertsUsed: number | null;
  /** f16 key and value cache for one token, all layers. */
  kvBytesPerToken: number;
  /** Bytes of all tensors: what the weights take in memory. */
  weightsBytes: number;
  /**
   * llama.cpp's compute buffers beside the KV cache: `computeBytes + computeBytesPerToken × context`, a line through
   * node-llama-cpp's estimates at 1,024 and 8,192 tokens (the attention buffers grow with the context: for a 7B at
   * 4k they are three times their size at 1k). Facts read before the slope was kept have no `computeBytesPerToken`.
   */
  computeBytes: number;
  computeBytesPerToken?: number;
};

export type InspectResult = { ok: true; facts: ModelFacts } | { ok: false; reason: string };

type Nested = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Array.isArray(v) ? Math.max(...v.map(Number)) : null);
const get = (obj: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Nested)[k] : undefined), obj);

function readMagic(file: string): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(4);
    fs.readSync(fd, buf, 0, 4, 0);
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}

/** The metadata checks llama.cpp does with an abort instead of an error. */
function crashRisks(info: GgufFileInfo, arch: Nested, hasExperts: boolean): string[] {
  const problems: string[] = [];
  const architecture = String(get(info.metadata, "general", "architecture"));
  const key = (k: string) => `${architecture}.${k}`;
  const blocks = num(arch.block_count);
  if (!blocks || blocks <= 0) problems.push(`${key("block_count")} is ${blocks ?? "missing"}; a model needs at least one layer`);
  if (!num(arch.embedding_length)) problems.push(`${key("embedding_length")} is missing`);
  const hasAttention = info.tensorInfo?.some((t) => t.name.endsWith("attn_q.weight"));
  if (hasAttention && !num(get(arch, "attention", "head_count"))) problems.push(`${key("attention.head_count")} is missing`);
  if (hasAttention && !num(arch.feed_forward_length) && !num(arch.expert_feed_forward_length)) {
    problems.push(`${key("feed_forward_length")} is missing`);
  }
  if (hasExperts) {
    const count = num(arch.expert_count);
    const used = num(arch.expert_used_count);
    if (!count) problems.push(`the file has expert tensors but ${key("expert_count")} is missing`);
    if (!used) problems.push(`the file has expert tensors but ${key("expert_used_count")} is missing`);
    if (count && used && used > count) problems.push(`${key("expert_used_count")} (${used}) exceeds ${key("expert_count")} (${count})`);
  }
  if (!get(info.metadata, "tokenizer", "ggml", "model")) problems.push("tokenizer.ggml.model is missing (no vocabulary)");
  return problems;
}

export async function inspectGguf(file: string): Promise<InspectResult> {
  const size = fs.statSync(file).size;
  if (size < 24) return { ok: false, reason: `The file is ${size} bytes long: too short to be a GGUF model.` };
  const magic = readMagic(file);
  if (magic.toString("latin1") !== "GGUF") {
    return { ok: false, reason: `Not a GGUF file: it starts with bytes ${[...magic].map((b) => b.toString(16).padStart(2, "0")).join(" ")} instead of "GGUF". Convert it with llama.cpp's convert script or download the .gguf version.` };
  }
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(file, { readTensorInfo: true, logWarnings: false });
  } catch (err) {
    return { ok: false, reason: `The GGUF header could not be read (${(err as Error).message}); the file is damaged or truncated. Download it again.` };
  }
  const tensors = info.tensorInfo ?? [];
  let weightsBytes = 0;
  let end = 0;
  let parameters = 0;
  let expertParameters = 0;
  for (const t of tensors) {
    const bytes = ggmlTensorBytes(t.ggmlType, t.dimensions);
    const values = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    parameters += values;
    if (t.name.includes("_exps")) expertParameters += values;
    if (bytes === undefined) continue;
    weightsBytes += bytes;
    end = Math.max(end, Number(t.fileOffset) + bytes);
  }
  if (end > size) {
    return { ok: false, reason: `The file is truncated: its tensors need ${end.toLocaleString("en")} bytes but it has ${size.toLocaleString("en")}. Download it again.` };
  }
  const architecture = String(get(info.metadata, "general", "architecture") ?? "unknown");
  const arch = (get(info.metadata, architecture) ?? {}) as Nested;
  const problems = crashRisks(info, arch, expertParameters > 0);
  if (problems.length) {
    return { ok: false, reason: `llama.cpp would crash loading this file: ${problems.join("; ")}.` };
  }
  const embeddingLength = num(arch.embedding_length)!;
  const heads = num(get(arch, "attention", "head_count")) ?? 0;
  const kvHeads = num(get(arch, "attention", "head_count_kv")) ?? heads;
  const headDim = num(get(arch, "attention", "key_length")) ?? (heads ? embeddingLength / heads : 0);
  const valueDim = num(get(arch, "attention", "value_length")) ?? headDim;
  const layers = num(arch.block_count)!;
  const experts = num(arch.expert_count);
  const expertsUsed = num(arch.expert_used_count);
  const fileType = num(get(info.metadata, "general", "file_type"));
  const insights = await GgufInsights.from(info);
  const kvBytesPerToken = layers * kvHeads * (headDim + valueDim) * 2;
  return {
    ok: true,
    facts: {
      name: String(get(info.metadata, "general", "name") ?? ""),
      architecture,
      description: (get(info.metadata, "general", "description") as string | undefined) ?? null,
      demo: get(info.metadata, "lineup", "demo") === true,
      trained: get(info.metadata, "lineup", "trained") === true,
      standin: get(info.metadata, "lineup", "standin") === true,
      quantization: fileType === null ? "unknown" : String(GgufFileType[fileType] ?? fileType).replace(/^(MOSTLY|ALL)_/, ""),
      parameters,
      activeParameters: experts && expertsUsed ? Math.round(parameters - expertParameters * (1 - expertsUsed / experts)) : parameters,
      contextLength: num(arch.context_length),
      layers,
      embeddingLength,
      heads,
      kvHeads,
      gqaGroupSize: kvHeads ? heads / kvHeads : 1,
      headDim,
      slidingWindow: num(get(arch, "attention", "sliding_window")),
      experts,
      expertsUsed,
      kvBytesPerToken,
      weightsBytes,
      ...computeLine(insights, kvBytesPerToken),
    },
  };
}

/** The compute buffers as a line in the context size, from node-llama-cpp's CPU estimates less the f16 KV cache. */
function computeLine(insights: GgufInsights, kvBytesPerToken: number): Pick<ModelFacts, "computeBytes" | "computeBytesPerToken"> {
  const at = (contextSize: number) =>
    Math.max(0, insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0 }).cpuRam - kvBytesPerToken * contextSize);
  const [low, high] = [1024, 8192];
  const perToken = Math.max(0, (at(high) - at(low)) / (high - low));
  return { computeBytes: Math.max(0, Math.round(at(low) - perToken * low)), computeBytesPerToken: Math.round(perToken) };
}
