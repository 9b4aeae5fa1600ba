import { seededRandom } from "../../random";
import { DEFAULT_PROMPT, DEFAULT_QUESTIONS, buildPrompt } from "../../runs/settings";
import { ALSO, BRANDS, BUT, GENERIC, KINDS, MODELS, NEGATIVE_TITLES, OPENERS, POSITIVE_TITLES } from "./catalog";

// The synthetic review world the demo models are trained on: many products, each with its own likes and
// dislikes, reviews in the sample dataset's style, and RAG-shaped examples in the run's exact prompt format
// whose answers state what the two retrieved reviews say. Deterministic for a given seed. Every tenth
// product is held out: never in training, used for evaluation.

export type SynthProduct = { asin: string; name: string; likes: string[]; dislikes: string[]; heldOut: boolean };
export type SynthReview = {
  asin: string;
  title: string;
  text: string;
  rating: number;
  positive: boolean;
  aspects: string[];
};
export type RagExample = {
  asin: string;
  heldOut: boolean;
  question: string;
  context: string[];
  answer: string;
  prompt: string;
};

export const SYNTH_SEED = "lineup-synthetic-reviews-v1";
const LIKE_VARIANTS = ["What do customers like about the product?", "What are the good points of the product?"];
const DISLIKE_VARIANTS = ["What do customers dislike about the product?", "What do people complain about?"];

export function documentOf(review: Pick<SynthReview, "title" | "text">): string {
  return review.title ? `${review.title}${/[.!?]$/.test(review.title) ? "" : "."} ${review.text}` : review.text;
}

export function synthProducts(count = 300, seed = SYNTH_SEED): SynthProduct[] {
  const rand = seededRandom(`${seed}/products`);
  const sample = <T>(items: T[], n: number) =>
    [...items]
      .map((x) => ({ x, r: rand() }))
      .sort((a, b) => a.r - b.r)
      .slice(0, n)
      .map((e) => e.x);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  return Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length];
    return {
      asin: `SYN${String(i + 1).padStart(5, "0")}`,
      name: `${pick(BRANDS)} ${pick(MODELS)} ${kind.noun}`,
      likes: [...sample(kind.likes, 3), ...sample(GENERIC.likes, 1)],
      dislikes: [...sample(kind.dislikes, 3), ...sample(GENERIC.dislikes, 1)],
      heldOut: i % 10 === 9,
    };
  });
}

/** Reviews in the sample dataset's style: a title, an opener, one or two aspects of one polarity. */
export function synthReviews(product: SynthProduct, count = 12, seed = SYNTH_SEED): SynthReview[] {
  const rand = seededRandom(`${seed}/reviews/${product.asin}`);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  return Array.from({ length: count }, (_, i) => {
    const positive = i % 3 !== 2;
    const pool = positive ? product.likes : product.dislikes;
    const main = pick(pool);
    const other = rand() < 0.7 ? pick(pool) : main;
    const head = pick(positive ? POSITIVE_TITLES : NEGATIVE_TITLES);
    const title = rand() < 0.5 ? `${head}, ${main.split(" ").slice(0, 4).join(" ")}` : head;
    const text =
      other === main
        ? `${pick(OPENERS)} ${main}.`
        : `${pick(OPENERS)} ${main}. ${pick(positive ? ALSO : BUT)} ${other}.`;
    const rating = positive ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 2);
    return { asin: product.asin, title, text, rating, positive, aspects: other === main ? [main] : [main, other] };
  });
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function joinThat(items: string[]): string {
  return items.length === 1
    ? `that ${items[0]}`
    : `that ${items.slice(0, -1).join(", that ")} and that ${items[items.length - 1]}`;
}

/** An answer built only from what the two reviews say, so a model that learns it copies from its context. */
export function groundedAnswer(wantsLikes: boolean, context: SynthReview[], rand: () => number): string {
  const wanted = unique(context.filter((r) => r.positive === wantsLikes).flatMap((r) => r.aspects)).slice(0, 3);
  const other = unique(context.filter((r) => r.positive !== wantsLikes).flatMap((r) => r.aspects));
  const verb = wantsLikes ? "like" : "dislike";
  if (wanted.length === 0) {
    return `The reviews do not say what people ${verb}. They ${wantsLikes ? "complain" : "say"} ${joinThat(other.slice(0, 2))}.`;
  }
  const style = Math.floor(rand() * 3);
  let answer =
    style === 0
      ? `People ${verb} ${joinThat(wanted)}.`
      : style === 1
        ? `Reviewers ${wantsLikes ? "are happy" : "complain"} ${joinThat(wanted)}.`
        : `${wantsLikes ? "Customers like" : "Customers dislike"} ${joinThat(wanted.slice(0, 1))}.${wanted.length > 1 ? ` They also ${wantsLikes ? "say" : "complain"} ${joinThat(wanted.slice(1))}.` : ""}`;
  if (other.length > 0) answer += ` One review ${wantsLikes ? "complains" : "says"} that ${other[0]}.`;
  return answer;
}

/** RAG examples for one product: a question, two "retrieved" reviews (mostly matching it, as a good
 * retriever would give), and the grounded answer. */
export function ragExamples(
  product: SynthProduct,
  reviews: SynthReview[],
  count: number,
  seed = SYNTH_SEED,
): RagExample[] {
  const rand = seededRandom(`${seed}/examples/${product.asin}`);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const pos = reviews.filter((r) => r.positive);
  const neg = reviews.filter((r) => !r.positive);
  return Array.from({ length: count }, () => {
    const wantsLikes = rand() < 0.5;
    const question =
      rand() < 0.8 ? DEFAULT_QUESTIONS[wantsLikes ? 0 : 1] : pick(wantsLikes ? LIKE_VARIANTS : DISLIKE_VARIANTS);
    const [match, miss] = wantsLikes ? [pos, neg] : [neg, pos];
    const roll = rand();
    const a = pick(roll < 0.9 ? match : miss);
    let b = pick(roll < 0.7 ? match : miss);
    for (let tries = 0; b === a && tries < 5; tries++) b = pick(roll < 0.7 ? match : miss);
    const context = rand() < 0.5 ? [a, b] : [b, a];
    const docs = context.map(documentOf);
    const answer = groundedAnswer(wantsLikes, context, rand);
    return {
      asin: product.asin,
      heldOut: product.heldOut,
      question,
      context: docs,
      answer,
      prompt: buildPrompt(DEFAULT_PROMPT, question, docs),
    };
  });
}

export function synthCorpus(products = 300, examplesPerProduct = 80, seed = SYNTH_SEED) {
  const catalog = synthProducts(products, seed);
  const reviews = catalog.map((p) => synthReviews(p, 12, seed));
  const examples = catalog.flatMap((p, i) => ragExamples(p, reviews[i], examplesPerProduct, seed));
  return { products: catalog, reviews: reviews.flat(), examples };
}
