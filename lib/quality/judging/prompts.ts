// What each judging mode asks, the JSON shape it must answer in, and how its answer is read. Browser-safe, pure.
//   pairwise  which of two answers is better: {"better": "1" | "2" | "tie"}
//   rubric    one answer graded 1–5 for faithfulness, relevance and completeness, each with a one-sentence reason
//   claims    one answer split into atomic claims, each marked supported or not by the reviews, quoting the review
// The schema constrains decoding where the judge's server can (a GBNF grammar locally, json_schema remotely);
// elsewhere the reply is parsed tolerantly (the first JSON object in it), and a reply that does not parse counts
// against the judge's parse rate rather than being guessed at.

import { DATA_RULE, fenced, fencedReviews } from "./fence";

export const JUDGE_MODES = ["pairwise", "rubric", "claims"] as const;
export type JudgeMode = (typeof JUDGE_MODES)[number];

export const RUBRIC_KEYS = ["faithfulness", "relevance", "completeness"] as const;
export type RubricKey = (typeof RUBRIC_KEYS)[number];

/** At most this many claims are read from one answer (the schema says so too). */
export const MAX_CLAIMS = 6;
const MAX_REASON_CHARS = 300;
const MAX_CLAIM_CHARS = 300;

export const SCHEMAS = {
  pairwise: {
    type: "object",
    properties: { better: { enum: ["1", "2", "tie"] } },
    required: ["better"],
  },
  rubric: {
    type: "object",
    properties: Object.fromEntries(
      RUBRIC_KEYS.flatMap((k) => [
        [k, { type: "integer", enum: [1, 2, 3, 4, 5] }],
        [`${k}_reason`, { type: "string", maxLength: 160 }],
      ]),
    ),
    required: RUBRIC_KEYS.flatMap((k) => [k, `${k}_reason`]),
  },
  claims: {
    type: "object",
    properties: {
      claims: {
        type: "array",
        maxItems: MAX_CLAIMS,
        items: {
          type: "object",
          properties: {
            claim: { type: "string", maxLength: 150 },
            supported: { type: "boolean" },
            review: { type: "integer", minimum: 0, maximum: 20 },
            quote: { type: "string", maxLength: 150 },
          },
          required: ["claim", "supported", "review", "quote"],
        },
      },
    },
    required: ["claims"],
  },
} as const satisfies Record<JudgeMode, Record<string, unknown>>;

/** Token budgets: enough for the schema's longest answer, so a reply is never cut mid-JSON by design. */
export const MAX_TOKENS: Record<JudgeMode, number> = { pairwise: 32, rubric: 320, claims: 900 };

export type JudgeInput = { documents: string[]; question: string };

export function pairwisePrompt({ documents, question }: JudgeInput, first: string, second: string): string {
  return [
    "You compare two answers to a question about a product, using only the reviews given.",
    DATA_RULE,
    fencedReviews(documents),
    fenced("question", question),
    fenced("answer", first, 'id="1"'),
    fenced("answer", second, 'id="2"'),
    "Which answer is more faithful to the reviews and answers the question better?",
    'Reply with JSON only: {"better": "1"}, {"better": "2"} or {"better": "tie"}.',
    "",
  ].join("\n");
}

export function rubricPrompt({ documents, question }: JudgeInput, answer: string): string {
  return [
    "You grade an answer to a question about a product, using only the reviews given.",
    DATA_RULE,
    fencedReviews(documents),
    fenced("question", question),
    fenced("answer", answer),
    "Grade the answer from 1 (worst) to 5 (best) on:",
    "- faithfulness: every statement in it is supported by the reviews (5) or it invents things (1);",
    "- relevance: it answers the question asked (5) or talks about something else (1);",
    "- completeness: it covers what the reviews say about the question (5) or misses most of it (1).",
    "Give each grade a one-sentence reason.",
    'Reply with JSON only: {"faithfulness": n, "faithfulness_reason": "…", "relevance": n, "relevance_reason": "…", "completeness": n, "completeness_reason": "…"}.',
    "",
  ].join("\n");
}

export function claimsPrompt({ documents, question }: JudgeInput, answer: string): string {
  return [
    "You check an answer to a question about a product against the reviews given.",
    DATA_RULE,
    fencedReviews(documents),
    fenced("question", question),
    fenced("answer", answer),
    `Split the answer into its atomic factual claims (at most ${MAX_CLAIMS}). For each, say whether the reviews support it.`,
    "When a review supports it, give that review's id and quote the words of the review that support it; otherwise give review 0 and an empty quote.",
    'Reply with JSON only: {"claims": [{"claim": "…", "supported": true, "review": 1, "quote": "…"}]}. An answer with no claims gives {"claims": []}.',
    "",
  ].join("\n");
}

/** The first JSON object in a reply: the whole text, a ```json block, or the first {...} that parses. */
export function firstJsonObject(text: string): Record<string, unknown> | null {
  const tryParse = (s: string) => {
    try {
      const v = JSON.parse(s) as unknown;
      return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const whole = tryParse(text.trim());
  if (whole) return whole;
  const block = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (block) {
    const inBlock = tryParse(block[1].trim());
    if (inBlock) return inBlock;
  }
  // Scan balanced braces from each "{" (strings respected), so prose around the object is skipped.
  for (let start = text.indexOf("{"); start !== -1 && start < 200_000; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        const found = tryParse(text.slice(start, i + 1));
        if (found) return found;
        break;
      }
    }
  }
  return null;
}

/** "first" / "second" / "tie" as the judge saw them, or null when the reply is not a verdict. */
export function parsePairwise(text: string): "first" | "second" | "tie" | null {
  const better = firstJsonObject(text)?.better;
  const v =
    typeof better === "number" ? String(better) : typeof better === "string" ? better.trim().toLowerCase() : null;
  return v === "1" ? "first" : v === "2" ? "second" : v === "tie" ? "tie" : null;
}

export type Rubric = Record<RubricKey, number> & { reasons: Record<RubricKey, string> };

const clip = (s: unknown, max: number) => (typeof s === "string" ? s.trim().slice(0, max) : "");

/** The three grades (integers 1–5) with their reasons, or null when any grade is missing or out of range. */
export function parseRubric(text: string): Rubric | null {
  const o = firstJsonObject(text);
  if (!o) return null;
  const grades = RUBRIC_KEYS.map((k) => (typeof o[k] === "string" ? Number(o[k]) : o[k]));
  if (!grades.every((g) => typeof g === "number" && Number.isInteger(g) && g >= 1 && g <= 5)) return null;
  const reasons = Object.fromEntries(
    RUBRIC_KEYS.map((k) => [k, clip(o[`${k}_reason`] ?? o[`${k}Reason`], MAX_REASON_CHARS)]),
  );
  return {
    ...(Object.fromEntries(RUBRIC_KEYS.map((k, i) => [k, grades[i]])) as Record<RubricKey, number>),
    reasons: reasons as Record<RubricKey, string>,
  };
}

export type Claim = {
  text: string;
  supported: boolean;
  /** The supporting review (1-based) and the words quoted from it, when the judge gave them. */
  review?: number;
  evidence?: string;
  /** Whether the quote is really in that review (checked here: a judge can misquote). */
  evidenceFound?: boolean;
};

const normalised = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** The claims with each quote checked against the review it names; null when the reply has no claims list. */
export function parseClaims(text: string, documents: string[]): Claim[] | null {
  const list = firstJsonObject(text)?.claims;
  if (!Array.isArray(list)) return null;
  const claims: Claim[] = [];
  for (const item of list.slice(0, MAX_CLAIMS)) {
    if (!item || typeof item !== "object") return null;
    const c = item as Record<string, unknown>;
    const claimText = clip(c.claim ?? c.text, MAX_CLAIM_CHARS);
    if (!claimText || typeof c.supported !== "boolean") return null;
    const review = typeof c.review === "number" && Number.isInteger(c.review) ? c.review : undefined;
    const quote = clip(c.quote ?? c.evidence, MAX_CLAIM_CHARS);
    const claim: Claim = { text: claimText, supported: c.supported };
    if (review && review >= 1 && review <= documents.length) claim.review = review;
    if (quote) {
      claim.evidence = quote;
      const inDocs = claim.review ? [documents[claim.review - 1]] : documents;
      claim.evidenceFound =
        normalised(quote).length > 0 && inDocs.some((d) => normalised(d).includes(normalised(quote)));
    }
    claims.push(claim);
  }
  return claims;
}

/** Supported ÷ claims; null for an answer with no claims (nothing to support or refute). */
export function claimSupport(claims: Claim[]): number | null {
  return claims.length ? claims.filter((c) => c.supported).length / claims.length : null;
}
