import { formatMs, formatShare } from "@/lib/format";
import type { JudgeSummary } from "@/lib/quality/judge-summary";
import type { KappaFigure } from "@/lib/quality/judging/trust";
import { shortName } from "@/lib/runs/chart-data";

const fixed = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? "–" : v.toFixed(d));

export function kappaText(k: KappaFigure): string {
  if (!k.n || k.kappa === null) return "–";
  return `κ ${k.kappa.toFixed(2)}${k.ci95 ? ` [${k.ci95[0].toFixed(2)}, ${k.ci95[1].toFixed(2)}]` : ""}, n ${k.n}`;
}

/** One judge's trust figures: what it produced and how far its results can be read as a verdict. */
export function JudgeTrustRow({ j }: { j: JudgeSummary }) {
  const bias = j.pairwise?.lengthBias ?? j.lengthBias;
  return (
    <tr data-testid="judge-row" data-judge={j.judge} data-mode={j.mode} data-trusted={j.trust.verdict}>
      <td className="mono">
        {shortName(j.judge)}
        {!j.trust.verdict ? (
          <div className="badge badge-warn" data-testid="judge-untrusted" title={j.trust.why.join("; ")}>
            not a verdict: {j.trust.why.join("; ")}
          </div>
        ) : null}
      </td>
      <td>{j.mode}</td>
      <td className="num">{j.units}</td>
      <td className="num">{formatShare(j.parseRate)}</td>
      <td className="num">
        {j.pairwise
          ? `${j.pairwise.flips} of ${j.pairwise.both} (${kappaText(j.pairwise.orderKappa)})`
          : j.selfConsistency?.n
            ? `${formatShare(j.selfConsistency.same)} same of ${j.selfConsistency.n}`
            : "–"}
      </td>
      <td className="num">{bias?.r == null ? "–" : `r ${fixed(bias.r)} (n ${bias.n})`}</td>
      <td className="num">{kappaText(j.votes)}</td>
      <td className="num">
        {formatMs(j.msPerVerdict)}
        {j.tokensPerVerdict ? `, ${Math.round(j.tokensPerVerdict)} tok` : ""}
      </td>
    </tr>
  );
}
