import fs from "node:fs";
import path from "node:path";
import { seededRandom } from "../../random";
import { SAMPLE_PRODUCTS } from "./products";

// Writes the sample dataset: synthetic product reviews in the Datafiniti layout of the original experiment.
// Deterministic, offline, and with the awkward rows real exports have (quotes, line breaks, markup, empty text).

export const SAMPLE_FILE = "sample-product-reviews.csv";
const COLUMNS = ["id", "name", "asins", "brand", "reviews.rating", "reviews.title", "reviews.text", "reviews.username"];
const OPENERS = [
  "Honestly,",
  "After a month of use,",
  "For the price,",
  "I bought this as a gift and",
  "Overall,",
  "To be fair,",
];
const NAMES = ["alex", "sam", "jordan", "casey", "riley", "morgan", "taylor", "jamie", "drew", "robin"];

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function sampleRows(reviewsPerProduct = 24): string[][] {
  const rand = seededRandom("lineup-sample-reviews");
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const rows: string[][] = [];
  let id = 1;
  for (const product of SAMPLE_PRODUCTS) {
    for (let i = 0; i < reviewsPerProduct; i++) {
      const positive = i % 3 !== 2;
      const main = positive ? pick(product.likes) : pick(product.dislikes);
      const other = positive ? pick(product.likes) : pick(product.dislikes);
      const rating = positive ? String(4 + Math.floor(rand() * 2)) : String(1 + Math.floor(rand() * 2));
      const title = positive
        ? `Love it, ${main.split(" ").slice(0, 4).join(" ")}`
        : `Disappointed: ${main.split(" ").slice(0, 4).join(" ")}`;
      const text = `${pick(OPENERS)} ${main}. ${other === main ? "" : `Also ${other}.`}`.trim();
      rows.push([`r${id++}`, product.name, product.asin, "Amazon", rating, title, text, pick(NAMES)]);
    }
  }
  // Rows that real exports contain, kept so every import path meets them.
  const first = SAMPLE_PRODUCTS[0];
  rows.push([
    `r${id++}`,
    first.name,
    first.asin,
    "Amazon",
    "5",
    'The "best" e-reader',
    "Line one of a long review.\nLine two: the screen is sharp, and the battery lasts.",
    "quoter",
  ]);
  rows.push([
    `r${id++}`,
    first.name,
    first.asin,
    "Amazon",
    "3",
    "Markup in a review",
    "<script>alert(1)</script> the screen is fine but this text must show as text",
    "tester",
  ]);
  rows.push([`r${id++}`, first.name, first.asin, "Amazon", "4", "", "", "silent"]);
  return rows;
}

export function writeSampleCsv(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SAMPLE_FILE);
  const lines = [COLUMNS.join(","), ...sampleRows().map((r) => r.map(csvField).join(","))];
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}
