import type { ReactNode } from "react";

/** A titled chart box of fixed height, so nothing jumps while data streams in. The unit of its axis is in the title. */
export function ChartFrame({
  title,
  unit,
  note,
  children,
}: {
  title: string;
  unit?: string;
  note?: string;
  children: ReactNode;
}) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>
        <strong>
          {title}
          {unit ? ` (${unit})` : ""}
        </strong>
        {note ? <span className="muted"> · {note}</span> : null}
      </figcaption>
      <div className="chart-body">{children}</div>
    </figure>
  );
}
