import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/lib/db";
import { listDatasets } from "@/lib/db/queries/datasets";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const datasets = await listDatasets(await getDb());
  return (
    <>
      <PageHeader
        title="Compare models on your data"
        lead="Pick a dataset and two to five local models, ask them the same questions with the same retrieved context, and see which is faster, leaner and better."
      />
      {datasets.length === 0 ? (
        <EmptyState title="Nothing to compare yet">
          <p>A comparison needs a dataset and at least two models.</p>
          <ol>
            <li>Add a dataset on the <Link href="/datasets">Datasets</Link> page.</li>
            <li>Check your GGUF files on the <Link href="/models">Models</Link> page.</li>
          </ol>
        </EmptyState>
      ) : null}
    </>
  );
}
