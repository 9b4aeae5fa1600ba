import { memo } from "react";
import { formatBytes, formatCount, formatMs } from "@/lib/format";
import type { ModelFacts } from "@/lib/models/gguf/inspect";
import { medianInterval, type Summary } from "@/lib/metrics/stats";
import { modelColor, modelLabel } from "@/lib/runs/chart-data";
import type { ModelSummary } from "@/lib/runs/types";

/** Rates in the hundreds need no decimal ("1569", not "1569.2"): the column stays narrow enough to fit. */
const rate = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const words = (v: number) => v.toFixed(0);

function Architecture({ f }: { f: ModelFacts | null | undefined }) {
  if (!f) return <>–</>;
  return (
    <>
      {formatCount(f.parameters)} params{f.experts ? `, ${formatCount(f.activeParameters)} active` : ""} · GQA group{" "}
      {f.gqaGroupSize} · <span className="nowrap">KV {formatBytes(f.kvBytesPerToken)}/token</span>
      {f.experts ? ` · ${f.expertsUsed} of ${f.experts} experts` : ""}
      {f.demo ? <span className="badge badge-warn">untrained demo</span> : null}
      {f.trained ? <span className="badge">tiny, trained on synthetic reviews</span> : null}
    </>
  );
}

function Answers({ s }: { s: ModelSummary }) {
  return (
    <>
      {s.ok}
      {s.failed ? <span className="badge badge-bad">{s.failed} failed</span> : null}
      {s.cancelled ? <span className="badge badge-warn">{s.cancelled} cancelled</span> : null}
    </>
  );
}

/** "4.6–7.4 ms", not "4.6 ms–7.4 ms": the unit once, when both ends have the same one. */
function range(low: string, high: string): string {
  const unit = /\s\S+$/.exec(low)?.[0];
  return unit && high.endsWith(unit) ? `${low.slice(0, -unit.length)}–${high}` : `${low}–${high}`;
}

/** "24.0" over "18.2–30.1": the median, and below it (small) the p10–p90 range, so columns stay narrow. */
function Figure({ s, f }: { s: Summary; f: (v: number) => string }) {
  const iv = medianInterval(s);
  if (!iv) return <>–</>;
  return (
    <>
      {f(iv.median)}
      {s.n >= 2 ? <span className="range">{range(f(iv.low), f(iv.high))}</span> : null}
    </>
  );
}

/** The figures of one model, in the order both the table and the narrow-screen cards show them. */
function figures(s: ModelSummary): [string, React.ReactNode][] {
  const n = s.figures.generationTokensPerSecond.n;
  return [
    ["Generation tok/s", <Figure key="g" s={s.figures.generationTokensPerSecond} f={rate} />],
    ["Prompt tok/s", <Figure key="p" s={s.figures.promptTokensPerSecond} f={rate} />],
    ["Words/s", <Figure key="w" s={s.figures.wordsPerSecond} f={rate} />],
    ["TTFT", <Figure key="t" s={s.figures.ttftMs} f={formatMs} />],
    ["End to end", <Figure key="e" s={s.figures.endToEndMs} f={formatMs} />],
    ["Answer words", <Figure key="a" s={s.figures.words} f={words} />],
    ["Peak memory", <PeakMemory key="m" s={s} />],
    ["Estimate", formatBytes(s.figures.estimateBytes.mean)],
    ["Load", formatMs(s.figures.loadMs.mean)],
    ["n", String(n)],
  ];
}

/** The worker's peak beside what it is made of, since it is several times the model's estimate for tiny models. */
function PeakMemory({ s }: { s: ModelSummary }) {
  const f = s.figures;
  const runtime = f.baseRssBytes.mean;
  const growth = f.memoryGrowthBytes.max;
  const why =
    runtime === null
      ? undefined
      : `The worker process at its peak: about ${formatBytes(runtime)} is its own runtime (Node and llama.cpp, measured before the model loads), ${formatBytes(growth)} came with the model. The estimate counts the model alone.`;
  return (
    <span title={why} className={why ? "has-why" : undefined}>
      {formatBytes(f.peakRssBytes.max)}
    </span>
  );
}

function ModelName({ models, model }: { models: string[]; model: string }) {
  return (
    <>
      <span className="swatch" style={{ background: modelColor(models, model) }} />{" "}
      <span className="mono" title={model}>
        {modelLabel(model, models)}
      </span>
    </>
  );
}

/**
 * One row per model: the run's figures (median and p10–p90 over warm answers, with n) beside its architecture.
 * The architecture sits under the model's name, so the figures fit 1440 px without scrolling; below 640 px the
 * table gives way to one card per model, since eleven columns cannot fit a phone.
 */
/** Memoised: while answers stream, its inputs change only when an answer lands. */
export const ModelSummaryTable = memo(function ModelSummaryTable({
  models,
  summaries,
  facts,
}: {
  models: string[];
  summaries: ModelSummary[];
  facts: Record<string, ModelFacts | null>;
}) {
  const heads = summaries[0] ? figures(summaries[0]).map(([h]) => h) : [];
  return (
    <section className="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Models side by side</h2>
      <div className="table-wrap summary-wide">
        <table className="data summary-table sticky-first">
          <thead>
            <tr>
              <th>Model</th>
              {heads.map((h) => (
                <th key={h} className="num">
                  {h}
                </th>
              ))}
              <th className="num">Answers</th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((s) => (
              <tr key={s.model} data-testid="model-summary">
                <td>
                  <ModelName models={models} model={s.model} />
                  <div className="arch-line">
                    <Architecture f={facts[s.model]} />
                  </div>
                </td>
                {figures(s).map(([h, v]) => (
                  <td key={h} className="num">
                    {v}
                  </td>
                ))}
                <td className="num">
                  <Answers s={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="summary-cards">
        {summaries.map((s) => (
          <article key={s.model} className="summary-card" data-testid="model-summary-card">
            <h3>
              <ModelName models={models} model={s.model} />
            </h3>
            <dl>
              {figures(s).map(([h, v]) => (
                <div key={h}>
                  <dt>{h}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
              <div>
                <dt>Answers</dt>
                <dd>
                  <Answers s={s} />
                </dd>
              </div>
            </dl>
            <p className="muted small">
              <Architecture f={facts[s.model]} />
            </p>
          </article>
        ))}
      </div>
      <p className="muted small">
        Median, with the 10th–90th percentile below it, over n warm answers (the first answer after each model load is
        cold and left out when warm ones exist). Generation rate = (output tokens − 1) / (end to end − TTFT); words/s =
        answer words / end-to-end time; prompt tok/s = prompt tokens pre-filled per second of prompt processing (README,
        Metrics). Peak memory is the largest over the run, of the worker process as a whole: it includes the
        worker&apos;s own runtime (Node and llama.cpp, tens of MiB before any model loads), which the estimate (the
        model&apos;s weights, KV cache and buffers) leaves out, so for small models the peak is several times the
        estimate.
      </p>
    </section>
  );
});
