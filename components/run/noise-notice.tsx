import type { NoiseReport } from "@/lib/runs/noise";

/** Says, above the figures, when they are not to be trusted as they stand, and what to do about it. */
export function NoiseNotice({ report }: { report: NoiseReport }) {
  if (report.warnings.length === 0) return null;
  return (
    <div className="notice noise-notice" role="status" data-testid="noise-warning">
      <strong>These speed figures are noisy.</strong>
      <ul>
        {report.warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <p>{report.advice}</p>
    </div>
  );
}
