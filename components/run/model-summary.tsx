import { formatBytes, formatCount, formatMs } from "@/lib/format";
import type { ModelFacts } from "@/lib/models/gguf/inspect";
import type { Summary } from "@/lib/metrics/stats";
import { MODEL_COLORS, shortName } from "@/lib/runs/chart-data";
import type { ModelSummary } from "@/lib/runs/types";

const pm = (s: Summary, f: (v: number) => string) =>
  s.mean === null ? "–" : s.sd === null ? f(s.mean) : `${f(s.mean)} ± ${f(s.sd)}`;
const rate = (v: number) => v.toFixed(1);

/** One row per model: the run's figures (mean ± sd over warm answers) beside its architecture facts. */
export function ModelSummaryTable({ summaries, facts }: { summaries: ModelSummary[]; facts: Record<string, ModelFacts | null> }) {
  return (
    <section className="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Models side by side</h2>
      <div className="table-wrap">
        <table className="data summary-table sticky-first">
          <thead>
            <tr>
              <th>Model</th><th className="num">Generation tok/s</th><th className="num">Words/s</th><th className="num">TTFT</th>
              <th className="num">End to end</th><th className="num">Answer words</th><th className="num">Peak memory</th><th className="num">Estimate</th>
              <th className="num">Load</th><th>Architecture</th><th className="num">Answers</th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((s, i) => {
              const f = facts[s.model];
              return (
                <tr key={s.model} data-testid="model-summary">
                  <td><span className="swatch" style={{ background: MODEL_COLORS[i % MODEL_COLORS.length] }} /> <span className="mono">{shortName(s.model)}</span></td>
                  <td className="num">{pm(s.figures.generationTokensPerSecond, rate)}</td>
                  <td className="num">{pm(s.figures.wordsPerSecond, rate)}</td>
                  <td className="num">{pm(s.figures.ttftMs, formatMs)}</td>
                  <td className="num">{pm(s.figures.endToEndMs, formatMs)}</td>
                  <td className="num">{pm(s.figures.words, (v) => v.toFixed(0))}</td>
                  <td className="num">{formatBytes(s.figures.peakRssBytes.max)}</td>
                  <td className="num">{formatBytes(s.figures.estimateBytes.mean)}</td>
                  <td className="num">{formatMs(s.figures.loadMs.mean)}</td>
                  <td className="arch-cell">
                    {f ? (
                      <>
                        {formatCount(f.parameters)} params{f.experts ? `, ${formatCount(f.activeParameters)} active` : ""} · GQA group {f.gqaGroupSize} · KV {formatBytes(f.kvBytesPerToken)}/token
                        {f.experts ? ` · ${f.expertsUsed} of ${f.experts} experts` : ""}
                        {f.demo ? <span className="badge badge-warn">untrained demo</span> : null}
                        {f.trained ? <span className="badge">tiny, trained on synthetic reviews</span> : null}
                      </>
                    ) : "–"}
                  </td>
                  <td className="num">{s.ok}{s.failed ? <span className="badge badge-bad">{s.failed} failed</span> : null}{s.cancelled ? <span className="badge badge-warn">{s.cancelled} cancelled</span> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Mean ± standard deviation over warm answers (the first answer after each model load is cold and left out when warm ones exist).
        Generation rate = (output tokens − 1) / (end to end − TTFT); words/s = answer words / end-to-end time.
      </p>
    </section>
  );
}
