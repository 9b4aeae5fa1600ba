import { TOKEN_TYPE } from "../demo/spm-vocab";

// A SentencePiece-style ("llama") vocabulary fitted to a corpus: every word form seen often enough becomes a
// piece ("▁word" after a space, "word" at a line start), with all its prefixes, because llama.cpp builds a
// word by merging adjacent pieces. Byte-fallback tokens <0x00>..<0xFF> cover anything else, so any text
// round-trips. Token ids are whatever llama.cpp's tokenizer gives for this vocabulary: the export script
// tokenizes the corpus through node-llama-cpp itself, so training and inference cannot disagree.

export type CorpusVocab = { tokens: string[]; scores: number[]; types: number[]; bosId: number; eosId: number; unkId: number };
const SPACE = "\u2581";

/**
 * `maxTokens` caps the vocabulary (the output layer's cost and the file's size grow with it): word forms enter in
 * order of frequency, each with its prefixes, until the cap; rarer words are spelt from prefixes, letters and bytes.
 * `chatTokens` adds ChatML's two markers as control tokens, for models trained on the chat template too.
 */
export function buildCorpusVocab(texts: string[], minCount = 2, maxTokens = Infinity, chatTokens = false): CorpusVocab {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const m of text.matchAll(/( ?)([A-Za-z0-9]+|[^A-Za-z0-9\s])/g)) {
      const form = (m[1] ? SPACE : "") + m[2];
      counts.set(form, (counts.get(form) ?? 0) + 1);
    }
  }
  const forms = [...counts].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([f]) => f);
  const tokens: string[] = [];
  const types: number[] = [];
  const index = new Map<string, number>();
  const add = (t: string, type: number) => {
    if (index.has(t)) return index.get(t)!;
    tokens.push(t);
    types.push(type);
    index.set(t, tokens.length - 1);
    return tokens.length - 1;
  };
  const unkId = add("<unk>", TOKEN_TYPE.unknown);
  const bosId = add("<s>", TOKEN_TYPE.control);
  const eosId = add("</s>", TOKEN_TYPE.control);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, TOKEN_TYPE.byte);
  if (chatTokens) {
    add("<|im_start|>", TOKEN_TYPE.control);
    add("<|im_end|>", TOKEN_TYPE.control);
  }
  add(SPACE, TOKEN_TYPE.normal);
  if (Number.isFinite(maxTokens)) {
    // Every letter and digit, alone and after a space: any word can be spelt without falling back to bytes.
    for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
      add(c, TOKEN_TYPE.normal);
      add(SPACE + c, TOKEN_TYPE.normal);
    }
  }
  for (const form of forms) {
    const start = form.startsWith(SPACE) ? 2 : 1;
    const missing = Array.from({ length: form.length - start + 1 }, (_, i) => form.slice(0, start + i)).filter((t) => !index.has(t));
    if (tokens.length + missing.length > maxTokens) continue;
    for (const t of missing) add(t, TOKEN_TYPE.normal);
  }
  // Longer pieces score higher, so merges prefer whole words.
  const scores = tokens.map((t, i) => (types[i] === TOKEN_TYPE.normal ? t.length : 0));
  return { tokens, scores, types, bosId, eosId, unkId };
}
