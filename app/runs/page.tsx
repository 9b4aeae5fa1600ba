import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/lib/db";
import { listRuns } from "@/lib/db/queries/runs";

export const dynamic = "force-dynamic";
export const metadata = { title: "Runs" };

export default async function RunsPage() {
  const runs = await listRuns(await getDb());
  return (
    <>
      <PageHeader title="Runs" lead="Every comparison you have run, with a link you can share." />
      {runs.length === 0 ? (
        <EmptyState title="No runs yet">
          <p>A run asks two or more models the same questions with the same retrieved context, and measures each.</p>
          <p>
            <Link href="/">Build a comparison</Link> to start your first run.
          </p>
        </EmptyState>
      ) : (
        <div className="panel table-wrap">
          <table className="data">
            <thead>
              <tr><th>Run</th><th>Status</th><th>Created</th></tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td><Link href={`/runs/${run.id}`} className="mono">{run.id}</Link></td>
                  <td><span className="badge">{run.status}</span></td>
                  <td>{run.createdAt.toLocaleString("en-GB")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
