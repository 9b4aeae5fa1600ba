// The local judge's prompt and verdict: a model reads the retrieved reviews, the question and two answers, and
// names the better one. Its output is constrained by a JSON-schema grammar (node-llama-cpp), with a single
// short field, so it always parses and always ends well inside its token budget. Browser-safe and pure.

export const JUDGE_SCHEMA = {
  type: "object",
  properties: { better: { enum: ["1", "2", "tie"] } },
} as const;

export const JUDGE_MAX_TOKENS = 32;

export function judgePrompt(documents: string[], question: string, first: string, second: string): string {
  const context = documents.map((d, i) => `Review ${i + 1}: ${d}`).join("\n");
  return [
    "You compare two answers to a question about a product, given these reviews.",
    context,
    `Question: ${question}`,
    `Answer 1: ${first || "(empty)"}`,
    `Answer 2: ${second || "(empty)"}`,
    'Which answer is more faithful to the reviews and answers the question better? Reply as JSON: {"better": "1", "2" or "tie"}.',
    "",
  ].join("\n");
}

/** "first" / "second" / "tie" as the judge saw them, or null when the text is not a verdict. */
export function parseVerdict(text: string): "first" | "second" | "tie" | null {
  try {
    const better = (JSON.parse(text) as { better?: unknown }).better;
    return better === "1" ? "first" : better === "2" ? "second" : better === "tie" ? "tie" : null;
  } catch {
    return null;
  }
}
