// The answer's text cut into pieces, with the claims a judge found unsupported marked where the answer says them
// (a claim the judge reworded is not found in the text, and is listed under the answer instead). Browser-safe.

import type { Claim } from "./prompts";

export type Piece = { text: string; unsupported: boolean };

const norm = (s: string) => s.toLowerCase();

export function markUnsupported(answer: string, claims: Claim[]): { pieces: Piece[]; unplaced: Claim[] } {
  const spans: [number, number][] = [];
  const unplaced: Claim[] = [];
  for (const c of claims.filter((x) => !x.supported)) {
    const needle = norm(c.text.trim().replace(/[.!?]+$/, ""));
    const at = needle ? norm(answer).indexOf(needle) : -1;
    if (at === -1) unplaced.push(c);
    else spans.push([at, at + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const pieces: Piece[] = [];
  let pos = 0;
  for (const [start, end] of spans) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) pieces.push({ text: answer.slice(pos, from), unsupported: false });
    pieces.push({ text: answer.slice(from, end), unsupported: true });
    pos = end;
  }
  if (pos < answer.length) pieces.push({ text: answer.slice(pos), unsupported: false });
  return { pieces, unplaced };
}
