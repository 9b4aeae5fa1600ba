import { formatEffect, type RunVerdict } from "./verdict";

// The verdict as plain lines (the CLI) and as a static HTML block (the export): the same words as the run page.
// Browser-safe; the HTML caller passes its escaper, so model names and advice are shown, never run.

const STATUS: Record<RunVerdict["aspects"][number]["status"], string> = {
  winner: "clear",
  tie: "about the same",
  "cant-tell": "can't tell",
  "no-data": "no data",
};

export function verdictLines(v: RunVerdict): string[] {
  return v.aspects.flatMap((a) => [
    `${a.label} [${STATUS[a.status]}]: ${a.headline}${a.advice ? ` ${a.advice}` : ""}`,
    ...(a.comparisons.length > 1
      ? a.comparisons.map((c) => `  ${a.bestLabel} against ${c.label}: ${c.effect ? formatEffect(c.effect) : "–"}`)
      : []),
  ]);
}

export function verdictHtml(v: RunVerdict, esc: (s: unknown) => string): string {
  const items = v.aspects
    .map(
      (a) =>
        `<li data-status="${esc(a.status)}"><strong>${esc(a.label)}</strong> <small>(${esc(STATUS[a.status])})</small>: ${esc(a.headline)}${a.advice ? ` <em>${esc(a.advice)}</em>` : ""}</li>`,
    )
    .join("");
  return `<section class="verdict"><h2>Verdict</h2><ul>${items}</ul><p class="fig">Best model per aspect and by how much: a ratio of medians (quality: a difference of mean groundedness) with its 95% bootstrap interval.</p></section>`;
}
