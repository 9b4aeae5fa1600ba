import { seededRandom } from "../../lib/random";
import { buildPrompt, DEFAULT_PROMPT, DEFAULT_QUESTIONS } from "../../lib/runs/settings";
import * as L from "./lexicon";

// The copy corpus (issue 26): reviews whose sentences are drawn from thousands of English words, and RAG examples
// whose answers quote the retrieved reviews' sentences verbatim. The only way to lower the loss on an answer is
// to find, in the context, the sentences that answer the question (praise, complaint, or a named part) and copy
// them; where the context has none, the answer says so. Deterministic for a seed; every tenth product is held out.

export type CopyReview = { asin: string; title: string; sentences: CopySentence[]; rating: number };
export type CopySentence = { text: string; polarity: 1 | -1 | 0; noun?: string };
export type CopyExample = {
  asin: string;
  heldOut: boolean;
  question: string;
  /** "like" | "dislike" | "feature": which sentences answer it. */
  kind: "like" | "dislike" | "feature";
  context: string[];
  /** The sentences the answer quotes (empty: the context has nothing relevant). */
  quotes: string[];
  answer: string;
  prompt: string;
};

export const COPY_SEED = "lineup-copy-world-v1";
const LIKE_QUESTIONS = [DEFAULT_QUESTIONS[0], "What do customers like about the product?", "What are the good points of the product?", "What do reviewers praise?"];
const DISLIKE_QUESTIONS = [DEFAULT_QUESTIONS[1], "What do customers dislike about the product?", "What do people complain about?", "What problems do reviewers mention?"];

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function predicate(rand: Rand, positive: boolean): string {
  const adjs = positive ? L.PRAISE_ADJECTIVES : L.COMPLAINT_ADJECTIVES;
  return pick(rand, positive ? L.PRAISE_PREDICATES : L.COMPLAINT_PREDICATES)
    .replace(/\{adj\}/g, () => pick(rand, adjs))
    .replace("{n}", () => String(2 + Math.floor(rand() * 10)));
}

/** One sentence about one part: "the <adj> <noun> <predicate> [tail]", sometimes after an opener. */
function aspectSentence(rand: Rand, positive: boolean): CopySentence {
  const noun = rand() < 0.5 ? pick(rand, L.PRODUCT_NOUNS) : pick(rand, L.NOUNS);
  const subject = rand() < 0.35 ? `the ${pick(rand, L.ADJECTIVES)} ${noun}` : `the ${noun}`;
  let clause = `${subject} ${predicate(rand, positive)}`;
  const roll = rand();
  if (roll < 0.15) clause += ` when I ${pick(rand, L.PAST_VERBS)} it`;
  else if (roll < 0.25) clause += ` after ${pick(rand, L.GERUNDS)} the ${pick(rand, L.NOUNS)}`;
  const lead = rand();
  const text =
    lead < 0.25
      ? `${pick(rand, positive ? L.PRAISE_OPENERS : L.COMPLAINT_OPENERS)} ${clause}.`
      : lead < 0.35
        ? `${pick(rand, L.NEUTRAL_OPENERS)} ${clause}.`
        : `${cap(clause)}.`;
  return { text, polarity: positive ? 1 : -1, noun };
}

/** A short sentence of pure sentiment ("Absolutely amazing!"), as real reviews often have. */
function moodSentence(rand: Rand, positive: boolean): CopySentence {
  const word = pick(rand, positive ? L.PRAISE_ADJECTIVES : L.COMPLAINT_ADJECTIVES);
  const forms = positive
    ? [`Absolutely ${word}!`, `I am so ${word} with it.`, `Really ${word}.`, `It is ${word}.`]
    : [`Totally ${word}.`, `I am really ${word}.`, `So ${word}.`, `It is ${word}.`];
  return { text: pick(rand, forms), polarity: positive ? 1 : -1 };
}

export function copyReviews(asin: string, count: number, seed = COPY_SEED): CopyReview[] {
  const rand = seededRandom(`${seed}/reviews/${asin}`);
  return Array.from({ length: count }, (_, i) => {
    const positive = i % 3 !== 2;
    const sentences: CopySentence[] = [aspectSentence(rand, positive)];
    if (rand() < 0.5) sentences.push(aspectSentence(rand, positive));
    if (rand() < 0.3) sentences.splice(Math.floor(rand() * (sentences.length + 1)), 0, moodSentence(rand, positive));
    // Mixed reviews: praise with one complaint, or the other way round.
    if (rand() < 0.2) sentences.push(aspectSentence(rand, !positive));
    const title = pick(rand, positive ? L.PRAISE_TITLES : L.COMPLAINT_TITLES);
    const rating = positive ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 2);
    return { asin, title, sentences, rating };
  });
}

export function reviewDocument(r: CopyReview): string {
  return `${r.title}. ${r.sentences.map((s) => s.text).join(" ")}`;
}

const unquoted = (s: string) => s.replace(/[.!]$/, "");

/** The answer: the quoted sentences, or that there are none (then, sometimes, what the reviews say instead). */
export function quotingAnswer(kind: CopyExample["kind"], quotes: string[], rand: Rand, noun?: string, other?: string): string {
  const q = quotes.map((s) => `"${unquoted(s)}"`);
  if (kind === "feature") {
    if (q.length === 0) return `The reviews do not mention the ${noun}.`;
    return `${q.length > 1 ? "Reviews say" : "One review says"}: ${q.join(" and ")}.`;
  }
  const like = kind === "like";
  if (q.length === 0) {
    const none = `The reviews do not say what people ${like ? "like" : "dislike"}.`;
    return other ? `${none} One review ${like ? "complains" : "says"}: "${unquoted(other)}".` : none;
  }
  const lead = pick(rand, like ? ["People like", "Reviewers praise", "Customers like"] : ["People dislike", "Reviewers complain about", "Customers dislike"]);
  return `${lead}: ${q.join(" and ")}.`;
}

/** RAG examples of one product: a question, two or three of its reviews (as a retriever might give), the answer. */
export function copyExamples(asin: string, heldOut: boolean, reviews: CopyReview[], count: number, seed = COPY_SEED): CopyExample[] {
  const rand = seededRandom(`${seed}/examples/${asin}`);
  return Array.from({ length: count }, () => {
    const size = rand() < 0.8 ? 2 : 3;
    const context: CopyReview[] = [];
    while (context.length < size) {
      const r = pick(rand, reviews);
      if (!context.includes(r)) context.push(r);
    }
    const all = context.flatMap((r) => r.sentences);
    const roll = rand();
    let kind: CopyExample["kind"];
    let question: string;
    let quotes: string[];
    let noun: string | undefined;
    let other: string | undefined;
    if (roll < 0.2) {
      kind = "feature";
      const named = all.filter((s) => s.noun);
      // Half the time a part the reviews name, half a part they do not.
      noun = rand() < 0.5 && named.length ? pick(rand, named).noun! : pick(rand, L.PRODUCT_NOUNS);
      question = `What do people say about the ${noun}?`;
      quotes = all.filter((s) => s.noun === noun).map((s) => s.text).slice(0, 2);
    } else {
      kind = roll < 0.6 ? "like" : "dislike";
      question = rand() < 0.7 ? (kind === "like" ? LIKE_QUESTIONS[0] : DISLIKE_QUESTIONS[0]) : pick(rand, kind === "like" ? LIKE_QUESTIONS : DISLIKE_QUESTIONS);
      const want = kind === "like" ? 1 : -1;
      const wanted = all.filter((s) => s.polarity === want && s.noun);
      quotes = (wanted.length ? wanted : all.filter((s) => s.polarity === want)).map((s) => s.text).slice(0, 2);
      if (quotes.length === 0) other = all.find((s) => s.polarity === -want && s.noun)?.text;
    }
    const docs = context.map(reviewDocument);
    return {
      asin,
      heldOut,
      question,
      kind,
      context: docs,
      quotes,
      answer: quotingAnswer(kind, quotes, rand, noun, other),
      prompt: buildPrompt(DEFAULT_PROMPT, question, docs),
    };
  });
}

export function copyCorpus(products = 2000, examplesPerProduct = 20, seed = COPY_SEED) {
  const reviews: CopyReview[] = [];
  const examples: CopyExample[] = [];
  for (let i = 0; i < products; i++) {
    const asin = `CPY${String(i + 1).padStart(5, "0")}`;
    const own = copyReviews(asin, 12, seed);
    reviews.push(...own);
    examples.push(...copyExamples(asin, i % 10 === 9, own, examplesPerProduct, seed));
  }
  return { reviews, examples };
}
