import { formatBytes, formatInt } from "@/lib/format";
import { modelLabel } from "@/lib/runs/model-identity";
import { configLabel, sweepConfigs } from "@/lib/sweeps/settings";
import { isContended } from "@/lib/system/load-types";
import type { Interval, SweepView } from "@/lib/sweeps/types";

const rate = (mean: number, iv: Interval | null) =>
  `${mean.toFixed(1)}${iv ? ` [${iv.lo.toFixed(1)}, ${iv.hi.toFixed(1)}]` : ""}`;

/** Every point as numbers: rates with their interval and n, KV measured against the header, memory. */
export function SweepTable({ view }: { view: SweepView }) {
  if (!view.points.length) return null;
  const models = view.settings.models;
  const oneSetting = sweepConfigs(view.settings).length === 1;
  const points = [...view.points].sort(
    (a, b) =>
      models.indexOf(a.model) - models.indexOf(b.model) ||
      configLabel(a).localeCompare(configLabel(b)) ||
      a.depth - b.depth,
  );
  return (
    <section className="panel table-wrap" aria-label="Sweep points">
      <h2>Points</h2>
      {oneSetting ? <p className="muted">All points: {configLabel(sweepConfigs(view.settings)[0])}.</p> : null}
      <table className="data" data-testid="sweep-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {oneSetting ? null : <th scope="col">Setting</th>}
            <th scope="col" className="num">
              Depth
            </th>
            <th scope="col" className="num">
              pp tok/s [95%]
            </th>
            <th scope="col" className="num">
              tg tok/s [95%]
            </th>
            <th scope="col" className="num">
              n
            </th>
            <th scope="col" className="num">
              KV held (measured)
            </th>
            <th scope="col" className="num">
              KV by the header
            </th>
            <th scope="col" className="num">
              KV allocated
            </th>
            <th scope="col" className="num">
              Peak RSS
            </th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={`${p.model}|${configLabel(p)}|${p.depth}`}>
              <td className="nowrap">{modelLabel(p.model, models)}</td>
              {oneSetting ? null : <td>{configLabel(p)}</td>}
              <td className="num">{formatInt(p.depth)}</td>
              <td className="num">{rate(p.ppTokensPerSecond, p.ppInterval)}</td>
              <td className="num">
                {rate(p.tgTokensPerSecond, p.tgInterval)}
                {isContended(p.load) ? (
                  <span
                    className="badge badge-warn"
                    title={`other programs used ${p.load!.otherCores.toFixed(1)} cores`}
                  >
                    busy
                  </span>
                ) : null}
              </td>
              <td className="num">{p.ppSamples.length}</td>
              <td className="num">{formatBytes(p.kvCacheBytes)}</td>
              <td className="num">{formatBytes(p.kvEstimateBytes)}</td>
              <td className="num">
                {p.kvAllocatedBytes === null ? "—" : formatBytes(p.kvAllocatedBytes)}
                {p.kvCells?.swa ? <span className="muted"> ({p.kvCells.swa} window cells)</span> : null}
              </td>
              <td className="num">{formatBytes(p.peakRssBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
