import { contentWords } from "../metrics/content-overlap";
import { cosine as plainCosine } from "../metrics/cosine";
import type { QualityScores } from "./scores-meta";
import { mean } from "../metrics/stats";

// Reference-free quality scores for one RAG answer, each a number in [0, 1], cheap enough to compute for every
// answer of every run with the dataset's own embedder (no judge model). Anchors (README, "Quality"):
// - groundedness: RAGAS faithfulness (supported claims / claims), with answer sentences standing in for
//   claims and "supported" measured, not judged: a sentence's support is the mean of its best cosine
//   similarity to a context sentence and the share of its content words found in the context;
//   groundedness is the mean support over the answer's sentences.
// - answerRelevance: RAGAS answer relevancy, simplified: cosine(question, answer) instead of the mean cosine
//   between the question and questions a judge writes back from the answer.
// - contextRelevance: mean cosine(question, retrieved document): did retrieval bring something on topic.
// - distinct2: distinct-n with n = 2 (Li et al. 2016): distinct word bigrams / all bigrams; 1 = no repeats.
// - empty, refusal: 1 when the answer has no words / declines to answer, else 0.
// Negative cosines are clamped to 0, so every score stays in [0, 1].

export { QUALITY_KEYS, QUALITY_LABELS, type QualityScores } from "./scores-meta";

export type Embed = (texts: string[]) => Promise<number[][]>;

/** Sentences: split after . ! ? or a line break; pieces without a letter are dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}'-]+/gu) ?? [];

export function distinct2(text: string): number {
  const w = words(text);
  if (w.length === 0) return 0;
  if (w.length === 1) return 1;
  const bigrams = w.slice(1).map((x, i) => `${w[i]} ${x}`);
  return new Set(bigrams).size / bigrams.length;
}

const REFUSAL = [
  /\bi (?:do not|don't|cannot|can't|am unable to|am not able to) (?:know|answer|tell|say|help|provide|determine)\b/i,
  /\b(?:not enough|no|insufficient) (?:information|context|details)\b/i,
  /\bthe (?:context|reviews?) (?:does|do) not (?:say|mention|contain|provide)\b/i,
  /\bas an ai\b/i,
  /\bunable to (?:answer|determine)\b/i,
];

export const isRefusal = (answer: string) => REFUSAL.some((r) => r.test(answer));
export const isEmpty = (answer: string) => words(answer).length === 0;

/** Cosine clamped to [0, 1]: every score is a share, and an opposite direction supports nothing. */
export function cosine(a: number[], b: number[]): number {
  return Math.min(1, Math.max(0, plainCosine(a, b)));
}

/** Share of the sentence's content words found in the context's (0 when the sentence has none). */
function overlap(sentence: string, contextWords: Set<string>): number {
  const w = contentWords(sentence);
  return w.length === 0 ? 0 : w.filter((x) => contextWords.has(x)).length / w.length;
}

export type ScoreInput = { question: string; answer: string; documents: string[] };

/** Every score of one answer. `embed` is the dataset's embedder: the same similarity retrieval used. */
export async function scoreAnswer(input: ScoreInput, embed: Embed): Promise<QualityScores> {
  const { question, answer, documents } = input;
  const empty = isEmpty(answer);
  const base = { distinct2: distinct2(answer), empty: empty ? 1 : 0, refusal: !empty && isRefusal(answer) ? 1 : 0 };
  const docs = documents.filter((d) => d.trim());
  const answerSentences = sentences(answer);
  const contextSentences = docs.flatMap(sentences);
  const texts = [question, answer, ...docs, ...answerSentences, ...contextSentences];
  const vectors = await embed(texts);
  const [q, a] = vectors;
  const docVecs = vectors.slice(2, 2 + docs.length);
  const answerVecs = vectors.slice(2 + docs.length, 2 + docs.length + answerSentences.length);
  const contextVecs = vectors.slice(2 + docs.length + answerSentences.length);
  const contextRelevance = mean(docVecs.map((d) => cosine(q, d))) ?? 0;
  if (empty) return { ...base, groundedness: 0, answerRelevance: 0, contextRelevance };
  const contextWords = new Set(contentWords(docs.join(" ")));
  const support = answerSentences.map((s, i) => {
    const similarity = contextVecs.reduce((best, c) => Math.max(best, cosine(answerVecs[i], c)), 0);
    return (similarity + overlap(s, contextWords)) / 2;
  });
  const groundedness = mean(support) ?? 0;
  return { ...base, groundedness, answerRelevance: cosine(q, a), contextRelevance };
}
