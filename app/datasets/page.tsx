import { DatasetsView } from "@/components/datasets/dataset-list";
import { PageHeader } from "@/components/ui/page-header";
import { summaries } from "@/lib/datasets/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  const datasets = await summaries(await getDb());
  return (
    <>
      <PageHeader
        title="Datasets"
        lead="The documents your models answer from: a CSV, embedded and stored with pgvector, searched per group."
      />
      <DatasetsView initial={datasets} />
    </>
  );
}
