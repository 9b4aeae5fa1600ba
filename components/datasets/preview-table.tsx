import type { CsvPreview } from "@/lib/datasets/csv";

const clip = (s: string) => (s.length > 140 ? `${s.slice(0, 140)}…` : s);

/**
 * The first rows of an upload, as text (never as HTML), so the user can check the columns. Each cell is one line
 * cut with an ellipsis (a long id column once wrapped a letter per line and pushed Import 2,800 px down); the whole
 * value shows on hover and when the cell has keyboard focus.
 */
export function PreviewTable({ preview }: { preview: CsvPreview }) {
  return (
    <div className="table-wrap">
      <table className="data preview-table" aria-label="First rows of the file">
        <thead>
          <tr>
            {preview.headers.map((h) => (
              <th key={h} title={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, i) => (
            <tr key={i}>
              {preview.headers.map((h) => (
                <td key={h} title={clip(row[h] ?? "")} tabIndex={0}>
                  {clip(row[h] ?? "")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
