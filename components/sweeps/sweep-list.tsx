import Link from "next/link";
import { formatDate } from "@/lib/format";
import { modelLabel } from "@/lib/runs/model-identity";
import type { SweepView } from "@/lib/sweeps/types";

type Row = Omit<SweepView, "points"> & { pointCount: number };

/** The latest sweeps, newest first, each a link to its page. */
export function SweepList({ sweeps }: { sweeps: Row[] }) {
  if (!sweeps.length) return <p className="muted">No sweeps yet.</p>;
  return (
    <div className="panel table-wrap">
      <table className="data cards-sm" aria-label="Sweeps">
        <thead>
          <tr>
            <th>Sweep</th>
            <th>Status</th>
            <th>Models</th>
            <th>Depths</th>
            <th className="num">Points</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {sweeps.map((s) => (
            <tr key={s.id}>
              <td data-label="Sweep">
                <Link href={`/sweeps/${s.id}`}>{s.id}</Link>
              </td>
              <td data-label="Status">{s.status}</td>
              <td data-label="Models">{s.settings.models.map((m) => modelLabel(m, s.settings.models)).join(", ")}</td>
              <td data-label="Depths">{s.settings.depths.join(", ")}</td>
              <td data-label="Points" className="num">
                {s.pointCount} of {s.progress.total}
              </td>
              <td data-label="Started">{formatDate(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
