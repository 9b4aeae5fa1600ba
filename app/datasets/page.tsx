import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/lib/db";
import { listDatasets } from "@/lib/db/queries/datasets";

export const dynamic = "force-dynamic";
export const metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  const datasets = await listDatasets(await getDb());
  return (
    <>
      <PageHeader title="Datasets" lead="The documents your models answer from: a CSV, embedded and stored with pgvector." />
      {datasets.length === 0 ? (
        <EmptyState title="No datasets yet">
          <p>
            Start with <code>npm run demo</code> to load the sample product-review dataset, or import your own CSV
            (one review or document per row, with a column that groups rows, such as a product id).
          </p>
        </EmptyState>
      ) : (
        <div className="panel table-wrap">
          <table className="data">
            <thead>
              <tr><th>Name</th><th>Status</th><th className="num">Rows</th><th>Embedder</th></tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td><span className="badge">{d.status}</span></td>
                  <td className="num">{d.rowsDone.toLocaleString("en-GB")}</td>
                  <td className="mono">{d.embedder}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
