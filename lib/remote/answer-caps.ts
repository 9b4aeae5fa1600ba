// How much of one remote answer is kept. A server that ignores max_tokens once took Lineup from 0.7 to 5.35 GB
// in 50 s; 10^6 one-letter chunks became a 20 MB run page. The answer is cut at maxTokens (a normal end,
// stopReason "maxTokens"); the byte and chunk caps catch what token counting cannot (one huge chunk, or endless
// chunks without text) and fail the answer, keeping what came before.

/** Bytes of text a single token may take: long vocabulary pieces (runs of spaces, code) stay well below. */
export const MAX_TOKEN_BYTES = 128;
/** Floor and ceiling of the byte cap, whatever maxTokens is (the settings allow up to 4,096 tokens). */
export const MIN_TEXT_BYTES = 16 * 1024;
export const MAX_TEXT_BYTES = 1024 * 1024;

export type AnswerCaps = { maxTokens: number; maxTextBytes: number; maxChunks: number; maxTimingPoints: number };

export function answerCaps(maxTokens: number): AnswerCaps {
  return {
    maxTokens,
    maxTextBytes: Math.min(MAX_TEXT_BYTES, Math.max(MIN_TEXT_BYTES, maxTokens * MAX_TOKEN_BYTES)),
    // Chat streams open with a role-only chunk and close with finish and usage chunks; some send empty pieces.
    maxChunks: 2 * maxTokens + 64,
    maxTimingPoints: maxTokens + 16,
  };
}
