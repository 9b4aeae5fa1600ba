import { formatMs, formatShare } from "@/lib/format";
import type { JudgeSummary } from "@/lib/quality/judge-summary";
import type { KappaFigure } from "@/lib/quality/judging/trust";
import { modelLabel } from "@/lib/runs/model-identity";

export function kappaText(k: KappaFigure): string {
  if (!k.n || k.kappa === null) return "–";
  return `κ ${k.kappa.toFixed(2)}${k.ci95 ? ` [${k.ci95[0].toFixed(2)}, ${k.ci95[1].toFixed(2)}]` : ""}, n ${k.n}`;
}

export const TRUST_COLUMNS = [
  "Judge",
  "Mode",
  "Judged",
  "Parsed",
  "Consistency",
  "Length bias",
  "Agreement with votes",
  "Per verdict",
];

/** One judge's trust figures, and under them, when it is held back, why it is not presented as a verdict. */
export function JudgeTrustRow({ j }: { j: JudgeSummary }) {
  const bias = j.pairwise?.lengthBias ?? j.lengthBias;
  const [, , judged, parsed, consistency, length, votes, per] = TRUST_COLUMNS;
  return (
    <>
      <tr data-testid="judge-row" data-judge={j.judge} data-mode={j.mode} data-trusted={j.trust.verdict}>
        <td className="mono">{modelLabel(j.judge)}</td>
        <td data-label="Mode">{j.mode}</td>
        <td className="num" data-label={judged}>
          {j.units}
        </td>
        <td className="num" data-label={parsed}>
          {formatShare(j.parseRate)}
        </td>
        <td
          data-label={consistency}
          title="Pairwise: verdicts that changed with the order, and kappa between the two orders. Grading: a sample graded twice."
        >
          {j.pairwise
            ? `${j.pairwise.flips} of ${j.pairwise.both} flipped (${kappaText(j.pairwise.orderKappa)})`
            : j.selfConsistency?.n
              ? `${formatShare(j.selfConsistency.same)} same of ${j.selfConsistency.n}`
              : "–"}
        </td>
        <td className="num" data-label={length} title="Correlation of its verdicts or grades with the answer's length">
          {bias?.r == null ? "–" : `r ${bias.r.toFixed(2)}, n ${bias.n}`}
        </td>
        <td data-label={votes}>{kappaText(j.votes)}</td>
        <td className="num" data-label={per}>
          {formatMs(j.msPerVerdict)}
          {j.tokensPerVerdict ? `, ${Math.round(j.tokensPerVerdict)} tok` : ""}
        </td>
      </tr>
      {!j.trust.verdict ? (
        <tr className="judge-why">
          <td colSpan={TRUST_COLUMNS.length} data-testid="judge-untrusted">
            <span className="badge badge-warn">not a verdict</span> {modelLabel(j.judge)} ({j.mode}):{" "}
            {j.trust.why.join("; ")}
          </td>
        </tr>
      ) : null}
    </>
  );
}
