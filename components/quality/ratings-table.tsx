import { modelColor, modelLabel } from "@/lib/runs/model-identity";
import type { RatingsView } from "@/lib/quality/types";
import { formatShare } from "@/lib/format";

/** Bradley–Terry scores with 95% intervals, counts, answer length, and the win-rate matrix; no order claimed when it is noise. */
export function RatingsTable({ ratings, caption }: { ratings: RatingsView; caption?: string }) {
  const { matrix } = ratings;
  const name = (m: string) => modelLabel(m, matrix.models);
  return (
    <div className="stack" data-testid="ratings">
      <div className="table-wrap">
        <table className="data cards-sm">
          {caption ? <caption className="muted small">{caption}</caption> : null}
          <thead>
            <tr>
              <th>Model</th>
              <th className="num">{ratings.ranked ? "Rank" : "Rank (none claimed)"}</th>
              <th className="num">Score</th>
              <th className="num">95% interval</th>
              <th className="num">Wins</th>
              <th className="num">Losses</th>
              <th className="num">Ties (both bad)</th>
              <th className="num">Mean answer words</th>
            </tr>
          </thead>
          <tbody>
            {ratings.ratings.map((r) => (
              <tr key={r.model} data-testid="rating-row" data-model={r.model}>
                <th scope="row" className="mono">
                  <span className="swatch" style={{ background: modelColor(matrix.models, r.model) }} /> {name(r.model)}
                </th>
                <td className="num" data-label="Rank">
                  {ratings.ranked ? r.rank : "–"}
                </td>
                <td className="num" data-label="Score">
                  {r.score.toFixed(0)}
                </td>
                <td className="num" data-label="95% interval">
                  {r.ci95[0].toFixed(0)} – {r.ci95[1].toFixed(0)}
                </td>
                <td className="num" data-testid="rating-wins" data-label="Wins">
                  {r.wins}
                </td>
                <td className="num" data-label="Losses">
                  {r.losses}
                </td>
                <td className="num" data-label="Ties (both bad)">
                  {r.ties} ({r.bothBad})
                </td>
                <td className="num" data-label="Mean answer words">
                  {r.meanWords === null ? "–" : r.meanWords.toFixed(0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={ratings.ranked ? "muted small" : "notice"} data-testid="ratings-message">
        <span data-testid="ratings-votes">{ratings.votes}</span> {ratings.votes === 1 ? "vote" : "votes"}.{" "}
        {ratings.message}
      </p>
      {ratings.votes > 0 ? (
        <details>
          <summary>Win rate, row against column (ties count half)</summary>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th />{" "}
                  {matrix.models.map((m) => (
                    <th key={m} className="num mono">
                      {name(m)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {matrix.models.map((m, i) => (
                  <tr key={m}>
                    <th className="mono">{name(m)}</th>
                    {matrix.winRate[i].map((v, j) => (
                      <td key={j} className="num">
                        {formatShare(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      <p className="muted small">
        Bradley–Terry fit on the Elo scale (mean 1000); ties and &ldquo;both bad&rdquo; count as half a win each;
        intervals from 200 bootstrap resamples of the votes. Voters tend to favour longer answers: read the score beside
        the length.
      </p>
    </div>
  );
}
