import Link from "next/link";
import { RunForm } from "@/components/compare/run-form";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { summaries } from "@/lib/datasets/service";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { getInventory } from "@/lib/models";
import { nativeBinary } from "@/lib/remote/native-llama";

export const dynamic = "force-dynamic";

/** Whether the llama-server engine can be offered: `npm run llama:build` has been run here. */
function llamaServerStatus(): { ready: true } | { ready: false; reason: string } {
  const bin = nativeBinary("llama-server");
  return bin.path === null ? { ready: false, reason: bin.reason } : { ready: true };
}

export default async function HomePage() {
  const [datasets, inventory] = await Promise.all([getDb().then(summaries), getInventory(1024)]);
  const ready = datasets.filter((d) => d.status === "ready");
  const usable = inventory.models.filter((m) => m.valid);
  // New model files are read in the background: look again until they are, like an import in progress.
  const reading = inventory.models.filter((m) => !m.valid && m.pending).length;
  const importing =
    datasets.some((d) => d.status === "pending" || d.status === "importing") ||
    inventory.models.some((m) => !m.valid && m.pending);
  return (
    <>
      <PageHeader
        title="Compare models on your data"
        lead="Pick a dataset and two to five local models, ask them the same questions with the same retrieved context, and see which is faster, leaner and better."
      />
      {ready.length === 0 || usable.length < 2 ? (
        <EmptyState title="Nothing to compare yet">
          {importing ? <AutoRefresh /> : null}
          <p>A comparison needs a ready dataset and at least two models.</p>
          <ol>
            <li>
              {ready.length ? (
                "A dataset is ready."
              ) : datasets.length ? (
                "Your dataset is still importing: see the Datasets page."
              ) : (
                <>
                  Add a dataset on the <Link href="/datasets">Datasets</Link> page.
                </>
              )}
            </li>
            <li>
              {usable.length >= 2 ? (
                "Models are ready."
              ) : (
                <>
                  Put two or more GGUF files in the models folder (see the <Link href="/models">Models</Link> page).
                </>
              )}
            </li>
          </ol>
        </EmptyState>
      ) : (
        <>
          {reading ? (
            <p className="notice" role="status">
              <AutoRefresh />
              Lineup is still reading {reading} model file{reading === 1 ? "" : "s"};{" "}
              {reading === 1 ? "it appears" : "they appear"} below in a moment.
            </p>
          ) : null}
          <RunForm
            datasets={ready}
            inventory={inventory}
            threads={env().threads}
            gpu={env().gpu}
            llamaServer={llamaServerStatus()}
          />
        </>
      )}
    </>
  );
}
