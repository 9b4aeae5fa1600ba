import type { ReactNode } from "react";

/** A titled chart box of fixed height, so nothing jumps while data streams in. */
export function ChartFrame({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        <strong>{title}</strong>
        {note ? <span className="muted"> · {note}</span> : null}
      </figcaption>
      <div className="chart-body">{children}</div>
    </figure>
  );
}
