import Link from "next/link";
import { BulkJudge } from "@/components/runs/bulk-judge";
import { RunList } from "@/components/runs/run-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/lib/db";
import { listDatasets } from "@/lib/db/queries/datasets";
import { listRuns } from "@/lib/db/queries/runs";
import { toRunView } from "@/lib/runs/detail";

export const dynamic = "force-dynamic";
export const metadata = { title: "Runs" };

export default async function RunsPage() {
  const db = await getDb();
  const [runs, datasets] = await Promise.all([listRuns(db), listDatasets(db)]);
  const views = runs.map(toRunView);
  return (
    <>
      <PageHeader title="Runs" lead="Every comparison you have run, each with a link you can share." />
      {runs.length === 0 ? (
        <EmptyState title="No runs yet">
          <p>A run asks two or more models the same questions with the same retrieved context, and measures each.</p>
          <p>
            <Link href="/">Build a comparison</Link> to start your first run.
          </p>
        </EmptyState>
      ) : (
        <>
          <RunList runs={views} datasetNames={Object.fromEntries(datasets.map((d) => [d.id, d.name]))} />
          <BulkJudge runs={views} />
        </>
      )}
    </>
  );
}
