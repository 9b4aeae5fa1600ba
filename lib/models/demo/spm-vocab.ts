import { frequentWords } from "./words";

// A SentencePiece-style ("llama") vocabulary of whole words. llama.cpp's tokenizer builds a word by
// merging adjacent pieces, so every prefix of each "▁word" is a piece too; byte-fallback tokens
// <0x00>..<0xFF> cover any other text, so every string round-trips.

export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;
const SPACE = "\u2581";

export type SpmVocab = {
  tokens: string[];
  scores: number[];
  types: number[];
  bosId: number;
  eosId: number;
  unkId: number;
  /** Pieces that are a whole word or punctuation: the only ones the demo models choose to emit. */
  emitted: Set<number>;
};

export function buildSpmVocab(wordCount: number): SpmVocab {
  const tokens: string[] = [];
  const types: number[] = [];
  const add = (t: string, type: number) => {
    tokens.push(t);
    types.push(type);
    return tokens.length - 1;
  };
  const unkId = add("<unk>", TOKEN_TYPE.unknown);
  const bosId = add("<s>", TOKEN_TYPE.control);
  const eosId = add("</s>", TOKEN_TYPE.control);
  add("<|im_start|>", TOKEN_TYPE.control);
  add("<|im_end|>", TOKEN_TYPE.control);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, TOKEN_TYPE.byte);

  const emitted = new Set<number>();
  const index = new Map<string, number>();
  const piece = (p: string) => {
    let id = index.get(p);
    if (id === undefined) {
      id = add(p, TOKEN_TYPE.normal);
      index.set(p, id);
    }
    return id;
  };
  for (const p of [".", ",", "!", "?"]) emitted.add(piece(p));
  const words = frequentWords(wordCount);
  for (const word of words) {
    for (let i = 0; i <= word.length; i++) piece(SPACE + word.slice(0, i));
  }
  for (const word of words) emitted.add(index.get(SPACE + word)!);

  // Longer pieces score higher, so merges prefer whole words.
  const scores = tokens.map((t, i) => (types[i] === TOKEN_TYPE.normal ? t.length : 0));
  return { tokens, scores, types, bosId, eosId, unkId, emitted };
}
