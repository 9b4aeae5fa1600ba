import { memo } from "react";
import type { AspectVerdict, RunVerdict, VerdictStatus } from "@/lib/runs/verdict";
import { formatEffect } from "@/lib/runs/verdict";
import "./verdict.css";

// The run's answer at a glance, above every figure: per aspect, who is best and by how much, or "can't tell"
// and what to do. Renders on the server (compare page) and in the run page's client view alike.

const BADGE: Record<VerdictStatus, { text: string; className: string }> = {
  winner: { text: "clear", className: "badge badge-ok" },
  tie: { text: "about the same", className: "badge" },
  "cant-tell": { text: "can't tell", className: "badge badge-warn" },
  "no-data": { text: "no data", className: "badge" },
};

function AspectCard({ v }: { v: AspectVerdict }) {
  const badge = BADGE[v.status];
  return (
    <li className="verdict-card" data-testid="verdict-aspect" data-aspect={v.aspect} data-status={v.status}>
      <div className="verdict-card-head">
        <h3>{v.label}</h3>
        <span className={badge.className}>{badge.text}</span>
      </div>
      <p className="verdict-headline">{v.headline}</p>
      {v.advice ? <p className="verdict-advice">{v.advice}</p> : null}
      {v.comparisons.length > 1 || (v.comparisons.length === 1 && v.status === "cant-tell") ? (
        <ul className="verdict-vs small">
          {v.comparisons.map((c) => (
            <li key={c.model}>
              {v.bestLabel} against {c.label}: {c.effect ? formatEffect(c.effect) : "–"}
              {c.outcome === "unclear" ? " · overlap" : c.outcome === "same" ? " · about the same" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small verdict-figure">{v.figure}</p>
    </li>
  );
}

/** Memoised: the run page redraws on every streamed token, the verdict only when an answer lands. */
export const VerdictSection = memo(function VerdictSection({ verdict, lead }: { verdict: RunVerdict; lead?: string }) {
  return (
    <section className="panel verdict" aria-labelledby="verdict-heading" data-testid="verdict">
      <h2 id="verdict-heading">Verdict</h2>
      <p className="muted small">
        {lead ??
          "Best model per aspect, and by how much: a ratio (or score difference) with its 95 % bootstrap interval."}
      </p>
      <ul className="verdict-grid">
        {verdict.aspects.map((v) => (
          <AspectCard key={v.aspect} v={v} />
        ))}
      </ul>
    </section>
  );
});
