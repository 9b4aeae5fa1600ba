import fs from "node:fs";
import type { GgufValue, TensorSpec } from "../gguf/writer";
import { writeGguf } from "../gguf/writer";
import { spmTokenizerMetadata } from "../gguf/llama-metadata";
import { buildSpmVocab } from "../demo/spm-vocab";
import { randomQ4_0 } from "./q4-random";
import { STANDIN_MARKER_KEY, standinBytes, standinFile, type StandinShape } from "./shapes";

// Writes one real-size stand-in (shapes.ts) as a Q4_0 GGUF, tensor by tensor in chunks: memory stays flat
// whatever the file's size. The file is written under a temporary name and renamed when whole, so an
// interrupted write never leaves a file that looks like a model.

const WEIGHT_SD = 0.02;
/** Room left on the disk after the file: the database and the rest of the system need some. */
const DISK_HEADROOM = 2 * 1024 ** 3;

/** A SentencePiece vocabulary of whole words, padded with filler pieces to the real model's size. */
function standinVocab(size: number) {
  const vocab = buildSpmVocab(2000);
  if (vocab.tokens.length > size) throw new Error(`A stand-in vocabulary needs at least ${vocab.tokens.length} tokens, got ${size}.`);
  for (let i = 0; vocab.tokens.length < size; i++) {
    vocab.tokens.push(`\u2581x${i.toString(36)}`);
    vocab.types.push(1);
    vocab.scores.push(0);
  }
  return vocab;
}

function metadata(s: StandinShape): Record<string, GgufValue> {
  const vocab = standinVocab(s.vocab);
  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  const a = s.architecture;
  const headDim = s.headDim ?? s.embd / s.heads;
  return {
    "general.architecture": { type: "string", value: a },
    "general.name": { type: "string", value: s.name },
    "general.description": {
      type: "string",
      value: `Real-size stand-in made by Lineup, in the shape of ${s.mimics}. Random weights: measures speed and memory, not quality.`,
    },
    "general.file_type": u32(2), // MOSTLY_Q4_0
    "general.alignment": u32(32),
    [STANDIN_MARKER_KEY]: { type: "bool", value: true },
    [`${a}.context_length`]: u32(s.contextLength),
    [`${a}.embedding_length`]: u32(s.embd),
    [`${a}.block_count`]: u32(s.layers),
    [`${a}.feed_forward_length`]: u32(s.ff),
    [`${a}.attention.head_count`]: u32(s.heads),
    [`${a}.attention.head_count_kv`]: u32(s.kvHeads),
    [`${a}.attention.layer_norm_rms_epsilon`]: { type: "f32", value: s.normEps },
    [`${a}.rope.freq_base`]: { type: "f32", value: s.ropeBase },
    ...(a === "gemma3"
      ? { [`${a}.attention.key_length`]: u32(headDim), [`${a}.attention.value_length`]: u32(headDim) }
      : { [`${a}.rope.dimension_count`]: u32(headDim), [`${a}.vocab_size`]: u32(s.vocab) }),
    ...(s.slidingWindow ? { [`${a}.attention.sliding_window`]: u32(s.slidingWindow) } : {}),
    ...(s.experts ? { [`${a}.expert_count`]: u32(s.experts), [`${a}.expert_used_count`]: u32(s.expertsUsed ?? 2) } : {}),
    ...spmTokenizerMetadata(vocab),
  };
}

function tensors(s: StandinShape): TensorSpec[] {
  const headDim = s.headDim ?? s.embd / s.heads;
  const qDim = headDim * s.heads;
  const kvDim = headDim * s.kvHeads;
  const matrix = (name: string, dims: number[]): TensorSpec => ({
    name, dims, type: "Q4_0", stream: randomQ4_0(dims.reduce((x, y) => x * y, 1), `${s.id}/${name}`, WEIGHT_SD),
  });
  const ones = (name: string, n = s.embd): TensorSpec => ({ name, dims: [n], type: "F32", fill: (out) => out.fill(1) });
  const list: TensorSpec[] = [matrix("token_embd.weight", [s.embd, s.vocab])];
  for (let l = 0; l < s.layers; l++) {
    const b = `blk.${l}`;
    list.push(
      ones(`${b}.attn_norm.weight`),
      matrix(`${b}.attn_q.weight`, [s.embd, qDim]),
      matrix(`${b}.attn_k.weight`, [s.embd, kvDim]),
      matrix(`${b}.attn_v.weight`, [s.embd, kvDim]),
      matrix(`${b}.attn_output.weight`, [qDim, s.embd]),
    );
    if (s.architecture === "gemma3")
      list.push(ones(`${b}.attn_q_norm.weight`, headDim), ones(`${b}.attn_k_norm.weight`, headDim), ones(`${b}.post_attention_norm.weight`));
    list.push(ones(`${b}.ffn_norm.weight`));
    if (s.experts) {
      list.push(
        { name: `${b}.ffn_gate_inp.weight`, dims: [s.embd, s.experts], type: "F32", fill: (out) => out.fill(0.01) },
        matrix(`${b}.ffn_gate_exps.weight`, [s.embd, s.ff, s.experts]),
        matrix(`${b}.ffn_up_exps.weight`, [s.embd, s.ff, s.experts]),
        matrix(`${b}.ffn_down_exps.weight`, [s.ff, s.embd, s.experts]),
      );
    } else {
      list.push(
        matrix(`${b}.ffn_gate.weight`, [s.embd, s.ff]),
        matrix(`${b}.ffn_up.weight`, [s.embd, s.ff]),
        matrix(`${b}.ffn_down.weight`, [s.ff, s.embd]),
      );
    }
    if (s.architecture === "gemma3") list.push(ones(`${b}.post_ffw_norm.weight`));
  }
  list.push(ones("output_norm.weight"));
  if (s.architecture !== "gemma3") list.push(matrix("output.weight", [s.embd, s.vocab]));
  return list;
}

export class NotEnoughDiskError extends Error {}

/** Writes the stand-in into `dir`; refuses before writing when the disk would be left with less than 2 GB. */
export function writeStandin(s: StandinShape, dir: string): { file: string; bytes: number } {
  fs.mkdirSync(dir, { recursive: true });
  const file = `${dir}/${standinFile(s)}`;
  const need = standinBytes(s);
  const stat = fs.statfsSync(dir);
  const free = stat.bavail * stat.bsize;
  if (free < need + DISK_HEADROOM) {
    const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;
    throw new NotEnoughDiskError(
      `${standinFile(s)} needs ${gb(need)} and ${dir} has ${gb(free)} free (2 GB are kept back): free some space or point MODELS_DIR at a larger disk.`,
    );
  }
  const partial = `${file}.part`;
  try {
    writeGguf(partial, metadata(s), tensors(s));
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { file, bytes: fs.statSync(file).size };
}
