import type { JudgeSummary } from "@/lib/quality/judge-summary";
import type { MeanInterval } from "@/lib/quality/summary";
import { modelLabel } from "@/lib/runs/model-identity";

const meanText = (m: MeanInterval | undefined, digits: number) =>
  !m || m.mean === null
    ? "–"
    : `${m.mean.toFixed(digits)}${m.ci95 ? ` (${m.ci95[0].toFixed(digits)}–${m.ci95[1].toFixed(digits)})` : ""}`;

/** Per model, each grading judge's mean grades with their 95 % intervals (rubric 1–5, claim support 0–1). */
export function JudgeMeans({ judges, models }: { judges: JudgeSummary[]; models: string[] }) {
  if (!judges.length) return null;
  return (
    <div className="table-wrap">
      <table className="data cards-sm" data-testid="judge-means">
        <caption className="small muted">
          Mean grade per model with a 95 % interval; rubric on 1–5, claims as the share of claims the reviews support
        </caption>
        <thead>
          <tr>
            <th>Judge</th>
            <th>Criterion</th>
            {models.map((m) => (
              <th key={m} className="num">
                {modelLabel(m)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {judges.flatMap((j) =>
            Object.keys(j.perModel![models[0]] ?? {}).map((criterion) => (
              <tr key={`${j.judge}:${j.mode}:${criterion}`} className={j.trust.verdict ? undefined : "muted"}>
                <td className="mono">
                  {modelLabel(j.judge)}
                  {j.trust.verdict ? "" : " (not a verdict)"}
                </td>
                <td data-label="Criterion">{criterion === "support" ? "claim support" : criterion}</td>
                {models.map((m) => (
                  <td key={m} className="num" data-testid="judge-mean" data-label={modelLabel(m)}>
                    {meanText(j.perModel![m]?.[criterion], criterion === "support" ? 2 : 1)}
                  </td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
