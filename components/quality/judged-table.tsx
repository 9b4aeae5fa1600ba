import type { JudgedFigures } from "@/lib/quality/leaderboard-judges";
import type { MeanInterval } from "@/lib/quality/summary";
import { modelLabel } from "@/lib/runs/model-identity";

const cell = (m: MeanInterval, digits: number) =>
  m.mean === null
    ? "–"
    : `${m.mean.toFixed(digits)}${m.ci95 ? ` (${m.ci95[0].toFixed(digits)}–${m.ci95[1].toFixed(digits)})` : ""} n ${m.n}`;

/** Judges' grades pooled over a board's runs: mean faithfulness (1–5) and claim support (0–1) per model. */
export function JudgedTable({ judged }: { judged: JudgedFigures }) {
  return (
    <div className="table-wrap">
      <table className="data cards-sm" data-testid="leaderboard-judged">
        <caption className="muted small">
          Judges: {judged.judges.map((j) => modelLabel(j.replace(/^(rubric|claims):/, ""))).join(", ") || "none usable"}
          {judged.leftOut.length
            ? `; left out: ${judged.leftOut.map((l) => `${modelLabel(l.judge.replace(/^(rubric|claims):/, ""))} (${l.why})`).join(", ")}`
            : ""}
        </caption>
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Faithfulness 1–5 (95% interval)</th>
            <th className="num">Claims supported (95% interval)</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(judged.perModel).map(([model, f]) => (
            <tr key={model}>
              <td className="mono">{modelLabel(model)}</td>
              <td className="num" data-label="Faithfulness 1–5">
                {cell(f.faithfulness, 1)}
              </td>
              <td className="num" data-label="Claims supported">
                {cell(f.support, 2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
