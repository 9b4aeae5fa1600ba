import { wrapLabel } from "@/lib/runs/chart-data";

const CHAR_PX = 6.4; // average width of an 11 px system-font character
const LINE_PX = 12;
export const CATEGORY_AXIS_HEIGHT = 4 * LINE_PX + 8;

type TickProps = {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  visibleTicksCount?: number;
  payload?: { value: unknown };
};

/**
 * A category label wrapped onto up to four lines inside its own slot, so every model's name is shown and none
 * runs into its neighbour (recharts would otherwise drop or overlap them).
 */
export function CategoryTick({ labelOf, ...props }: TickProps & { labelOf: (value: unknown) => string }) {
  const x = Number(props.x ?? 0);
  const y = Number(props.y ?? 0);
  const slot = Number(props.width ?? 0) / Math.max(1, props.visibleTicksCount ?? 1);
  const lines = wrapLabel(labelOf(props.payload?.value), (slot > 0 ? slot - 6 : 80) / CHAR_PX).slice(0, 4);
  return (
    <text x={x} y={y + 10} textAnchor="middle" fontSize={11} className="recharts-cartesian-axis-tick-value">
      {lines.map((line, i) => (
        <tspan key={i} x={x} dy={i === 0 ? 0 : LINE_PX}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
