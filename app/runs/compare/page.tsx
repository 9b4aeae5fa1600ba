import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorMessage } from "@/components/ui/error-message";
import { CompareVerdictSection } from "@/components/verdict/compare-verdict-section";
import { compareRuns } from "@/lib/runs/compare";
import { compareVerdict } from "@/lib/runs/compare-verdict";
import { getRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare runs" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  const { a, b } = await searchParams;
  if (!a || !b) return <ErrorMessage error={new Error("Choose two runs to compare on the Runs page.")} />;
  const ctx = await serverCtx();
  const [ra, rb] = await Promise.all([getRun(ctx, a), getRun(ctx, b)]).catch((err) => [err, err] as const);
  if (ra instanceof Error) return <ErrorMessage error={ra} />;
  const rows = compareRuns(ra, rb);
  const differing = rows.filter((r) => r.differs).length;
  const verdict = compareVerdict(ra, rb);
  const head = (d: typeof ra) => (
    <th key={d.run.id} scope="col">
      {d.run.name ? <div>{d.run.name}</div> : null}
      <Link href={`/runs/${d.run.id}`} className={d.run.name ? "mono small" : "mono"}>
        {d.run.id}
      </Link>
    </th>
  );
  return (
    <>
      <PageHeader
        title="Compare two runs"
        lead={
          <>
            The verdict says which figures changed beyond their noise. Below,{" "}
            {differing === 1
              ? "1 setting differs and is highlighted"
              : `${differing} settings differ and are highlighted`}
            ; figures are medians (p10–p90) over n warm answers. <Link href="/runs">Back to runs</Link>
          </>
        }
      />
      <CompareVerdictSection verdict={verdict} />
      <div className="panel table-wrap">
        <table className="data compare-table cards-sm">
          <thead>
            <tr>
              <th></th>
              {head(ra)}
              {head(rb)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} className={r.differs ? "differs" : undefined} data-differs={r.differs}>
                <th scope="row">{r.label}</th>
                <td data-label={`A · ${ra.run.name ?? ra.run.id}`}>{r.a}</td>
                <td data-label={`B · ${rb.run.name ?? rb.run.id}`}>{r.b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
