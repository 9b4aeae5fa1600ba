import Link from "next/link";
import { notFound } from "next/navigation";
import { ArenaView } from "@/components/quality/arena-view";
import { PageHeader } from "@/components/ui/page-header";
import { findRun } from "@/lib/db/queries/runs";
import { serverCtx } from "@/lib/server/context";
import { runGroupNames } from "@/lib/runs/run-group-names";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Arena · run ${(await params).id}` };
}

export default async function ArenaPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db } = await serverCtx();
  const run = await findRun(db, id);
  if (!run) notFound();
  return (
    <div className="stack">
      <PageHeader
        title="Blind arena"
        lead={
          <>
            Two answers to the same question, from the same retrieved reviews; the models are hidden and the sides
            shuffled until you vote. Run{" "}
            <Link href={`/runs/${id}`} className="mono">
              {id}
            </Link>
            .
          </>
        }
      />
      <ArenaView runId={id} groupNames={await runGroupNames(db, run)} />
    </div>
  );
}
