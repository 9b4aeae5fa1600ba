import type { Change, CompareVerdict } from "@/lib/runs/compare-verdict";
import "./verdict.css";

// Two runs' verdict: for each model both ran, how each aspect moved from run A to run B, in % with its 95 %
// interval, and whether that is a real change. Replaces reading "the text differs" as "the figure differs".

const CALL: Record<Change, { text: string; className: string }> = {
  better: { text: "better in B", className: "badge badge-ok" },
  worse: { text: "worse in B", className: "badge badge-bad" },
  same: { text: "about the same", className: "badge" },
  unclear: { text: "can't tell", className: "badge badge-warn" },
};

export function CompareVerdictSection({ verdict }: { verdict: CompareVerdict }) {
  return (
    <section className="panel verdict" aria-labelledby="verdict-heading" data-testid="verdict">
      <h2 id="verdict-heading">Verdict</h2>
      <p className="verdict-headline" data-testid="verdict-headline">
        {verdict.headline}
      </p>
      <p className="muted small">
        Run B against run A, per model: speed and latency and memory as the change of the median in % (quality: the
        change of the mean groundedness score), with a 95 % bootstrap interval. A change is called when the whole
        interval is on one side; within ±5 % (±0.02) it is about the same.
      </p>
      {verdict.deltas.length ? (
        <div className="table-wrap">
          <table className="data verdict-deltas">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Aspect</th>
                <th scope="col" className="num">
                  B against A
                </th>
                <th scope="col">Call</th>
              </tr>
            </thead>
            <tbody>
              {verdict.deltas.map((d) => (
                <tr key={`${d.model}/${d.aspect}`} data-testid="verdict-delta" data-change={d.change}>
                  <th scope="row">{d.label}</th>
                  <td>{d.aspectLabel}</td>
                  <td className="num">{d.text}</td>
                  <td>
                    <span className={CALL[d.change].className}>{CALL[d.change].text}</span>
                    {d.why ? <span className="muted small"> {d.why}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
