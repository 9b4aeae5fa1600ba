// Word-overlap proxies for answer quality, cheap enough to run on every answer with no judge model.
// Groundedness: the share of the answer's content words (lowercase words of 3+ letters that are not stop
// words) that appear among the retrieved context's content words: 1 means every content word was taken
// from the reviews, 0 means none was (RAGAS's faithfulness, with words standing in for claims).
// Reference F1: content-word F1 between the answer and a reference answer (SQuAD's token F1 on content
// words); used as the answer-relevance proxy where a reference exists (the synthetic held-out products).

const STOP = new Set(
  (
    "the and that this with for are was were but not you your our they them their its it's has have had what who " +
    "about from into than then also just very one all any can could would should will been being there here when " +
    "which while more most some such only over after before because does did doing say says said people product " +
    "products review reviews question answer use following pieces context end"
  ).split(" "),
);

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z0-9'-]*/g) ?? []).filter((w) => w.length >= 3 && !STOP.has(w));
}

/** Share of the answer's content words found in the context (0 when the answer has none). */
export function groundedness(answer: string, context: string[]): number {
  const words = contentWords(answer);
  if (words.length === 0) return 0;
  const seen = new Set(contentWords(context.join(" ")));
  return words.filter((w) => seen.has(w)).length / words.length;
}

/** Content-word F1 of an answer against a reference (multiset overlap). */
export function referenceF1(answer: string, reference: string): number {
  const a = contentWords(answer);
  const r = contentWords(reference);
  if (a.length === 0 || r.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of r) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of a) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / a.length;
  const recall = common / r.length;
  return (2 * precision * recall) / (precision + recall);
}
