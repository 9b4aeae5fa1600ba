import { createHash } from "node:crypto";

// Exports of real review sites repeat reviews word for word (one file of 5,000 had 604 repeated title+text
// pairs); kept apart, two copies of one review fill a top-2 context. Within a group, texts that are equal
// after normalisation are stored once, with how many rows had them.

/** Case, Unicode form and runs of whitespace do not make a review different. */
export function normaliseForDuplicates(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export function duplicateKey(text: string): string {
  return createHash("sha256").update(normaliseForDuplicates(text)).digest("base64url").slice(0, 32);
}

export type Repeat = { groupKey: string; textHash: string; count: number };

/**
 * Splits a batch into first occurrences (to embed and store) and repeats of texts already met in this import
 * (only counted). `seen` lives for one import, across its batches; after a resume it starts empty, and the
 * database's unique (dataset, group, hash) index folds what was stored before.
 */
export function splitRepeats<T extends { groupKey: string; textHash: string | null }>(
  docs: T[],
  seen: Set<string>,
): { first: T[]; repeats: Repeat[] } {
  const first: T[] = [];
  const repeats = new Map<string, Repeat>();
  for (const doc of docs) {
    if (!doc.textHash) {
      first.push(doc);
      continue;
    }
    const key = `${doc.groupKey}\u0000${doc.textHash}`;
    if (!seen.has(key)) {
      seen.add(key);
      first.push(doc);
      continue;
    }
    const repeat = repeats.get(key) ?? { groupKey: doc.groupKey, textHash: doc.textHash, count: 0 };
    repeat.count++;
    repeats.set(key, repeat);
  }
  return { first, repeats: [...repeats.values()] };
}
