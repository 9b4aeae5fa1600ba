import fs from "node:fs";
import path from "node:path";
import { seededRandom } from "../../lib/random";

// Real review sentences to evaluate on (bench/data/uci-sentiment, never trained on), grouped into pseudo-products
// as a review collection would be: each of 20 groups holds 24 praising and 6 complaining sentences (a fifth
// complaints: the base rate a "dislike" retrieval is measured against). Deterministic.

export type RealReview = { group: string; text: string; positive: boolean };

const FILE = path.join(import.meta.dirname, "..", "data", "uci-sentiment", "amazon_cells_labelled.txt");

export function realReviews(groups = 20, praise = 24, complaints = 6): RealReview[] {
  const rows = fs
    .readFileSync(FILE, "utf8")
    .split(/\r?\n/)
    .map((line) => line.split("\t"))
    .filter((cols) => cols.length === 2 && cols[0].trim())
    .map(([text, label]) => ({ text: text.trim(), positive: label.trim() === "1" }));
  const rand = seededRandom("lineup-real-reviews-v1");
  const shuffled = (xs: typeof rows) =>
    xs
      .map((x) => ({ x, r: rand() }))
      .sort((a, b) => a.r - b.r)
      .map((e) => e.x);
  const pos = shuffled(rows.filter((r) => r.positive));
  const neg = shuffled(rows.filter((r) => !r.positive));
  const out: RealReview[] = [];
  for (let g = 0; g < groups; g++) {
    const group = `REAL${String(g + 1).padStart(2, "0")}`;
    for (const r of pos.slice(g * praise, (g + 1) * praise)) out.push({ group, ...r });
    for (const r of neg.slice(g * complaints, (g + 1) * complaints)) out.push({ group, ...r });
  }
  return out;
}
