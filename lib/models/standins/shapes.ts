// The real-size stand-ins (`npm run models:standins`): random-weight GGUFs in the exact shapes of the models the
// original experiment compared, quantised as users have them (Q4_0), so that speed and memory can be measured at
// the size where per-token overheads no longer hide the real cost. Random weights: speed and memory only.
// Browser-safe (types and numbers only).

export type StandinShape = {
  /** What `npm run models:standins -- <id>` takes, and the file's stem. */
  id: string;
  /** GGUF general.architecture: the llama.cpp code path that runs it. */
  architecture: "llama" | "gemma3";
  name: string;
  /** What it copies, and what it leaves out. */
  mimics: string;
  embd: number;
  layers: number;
  heads: number;
  kvHeads: number;
  /** Per-head key/value width when it is not embd / heads (Gemma 3: 256). */
  headDim?: number;
  ff: number;
  vocab: number;
  contextLength: number;
  ropeBase: number;
  normEps: number;
  experts?: number;
  expertsUsed?: number;
  /** The sliding window written in the header (`<arch>.attention.sliding_window`). */
  slidingWindow?: number;
};

export const STANDIN_SHAPES: StandinShape[] = [
  {
    id: "llama2-7b",
    architecture: "llama",
    name: "Stand-in Llama 2 7B (random weights)",
    mimics: "Llama 2 7B: 32 layers, 32 heads, 32 KV heads (plain multi-head attention), 4k context",
    embd: 4096, layers: 32, heads: 32, kvHeads: 32, ff: 11008, vocab: 32000, contextLength: 4096, ropeBase: 10000, normEps: 1e-5,
  },
  {
    id: "mistral-7b",
    architecture: "llama",
    name: "Stand-in Mistral 7B v0.1 (random weights)",
    mimics: "Mistral 7B v0.1: 32 layers, 32 heads, 8 KV heads (GQA 4:1), sliding window 4096 in its header, 32k context",
    embd: 4096, layers: 32, heads: 32, kvHeads: 8, ff: 14336, vocab: 32000, contextLength: 32768, ropeBase: 10000, normEps: 1e-5,
    slidingWindow: 4096,
  },
  {
    id: "mixtral-8x7b-8l",
    architecture: "llama",
    name: "Stand-in Mixtral 8x7B shape, 8 of 32 layers (random weights)",
    mimics:
      "Mixtral 8x7B's layer (4096 wide, 32:8 GQA, 8 experts of 14336, 2 used per token) with 8 of its 32 layers, to fit a 24 GB machine: 11.6B parameters, 2.9B active",
    embd: 4096, layers: 8, heads: 32, kvHeads: 8, ff: 14336, vocab: 32000, contextLength: 32768, ropeBase: 1e6, normEps: 1e-5,
    experts: 8, expertsUsed: 2,
  },
  {
    id: "gemma3-4b",
    architecture: "gemma3",
    name: "Stand-in Gemma 3 4B, 32k vocabulary (random weights)",
    mimics:
      "Gemma 3 4B's attention: 34 layers, 8 heads of 256, 4 KV heads, a 1024-token sliding window on 5 of every 6 layers (llama.cpp applies it); the vocabulary cut from 262k to 32k",
    embd: 2560, layers: 34, heads: 8, kvHeads: 4, headDim: 256, ff: 10240, vocab: 32000, contextLength: 131072, ropeBase: 1e6, normEps: 1e-6,
    slidingWindow: 1024,
  },
];

/** Marker written into every stand-in, so the UI says plainly that its answers mean nothing. */
export const STANDIN_MARKER_KEY = "lineup.standin";

export const standinFile = (shape: StandinShape) => `standin-${shape.id}.Q4_0.gguf`;

/** Bytes of a Q4_0 matrix: blocks of 32 values, 18 bytes each. */
const q4 = (values: number) => (values / 32) * 18;

/** The file's size, before writing it (to refuse when the disk is too small). */
export function standinBytes(s: StandinShape): number {
  const headDim = s.headDim ?? s.embd / s.heads;
  const qDim = headDim * s.heads;
  const kvDim = headDim * s.kvHeads;
  const attention = q4(s.embd * qDim) + 2 * q4(s.embd * kvDim) + q4(qDim * s.embd);
  const ffn = s.experts ? s.experts * 3 * q4(s.embd * s.ff) + s.embd * s.experts * 4 : 3 * q4(s.embd * s.ff);
  const norms = (s.architecture === "gemma3" ? 4 * s.embd + 2 * headDim : 2 * s.embd) * 4;
  const perLayer = attention + ffn + norms;
  const embeddings = q4(s.embd * s.vocab) * (s.architecture === "gemma3" ? 1 : 2); // Gemma ties its output to the embeddings
  const vocabHeader = s.vocab * 40;
  return Math.round(s.layers * perLayer + embeddings + s.embd * 4 + vocabHeader);
}

/**
 * Tiny shapes for the tests (not offered by the command): the same two architectures, small enough to sweep in
 * seconds, so CI checks that llama.cpp applies Gemma 3's window and ignores the one in a llama header.
 */
export const TEST_SHAPES: StandinShape[] = [
  {
    id: "tiny-gemma3-swa128",
    architecture: "gemma3",
    name: "Tiny Gemma 3 shape, window 128 (test)",
    mimics: "Gemma 3's interleaved sliding window, at toy size",
    embd: 256, layers: 6, heads: 4, kvHeads: 2, headDim: 64, ff: 512, vocab: 12000, contextLength: 4096, ropeBase: 1e6, normEps: 1e-6,
    slidingWindow: 128,
  },
  {
    id: "tiny-llama-swa128",
    architecture: "llama",
    name: "Tiny llama with a window in its header (test)",
    mimics: "Mistral 7B v0.1's header claim, at toy size",
    embd: 256, layers: 6, heads: 4, kvHeads: 2, ff: 512, vocab: 12000, contextLength: 4096, ropeBase: 10000, normEps: 1e-5,
    slidingWindow: 128,
  },
];
