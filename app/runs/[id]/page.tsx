import { notFound } from "next/navigation";
import { RunView } from "@/components/run/run-view";
import { findDataset } from "@/lib/db/queries/datasets";
import { isAppError } from "@/lib/errors";
import { getRun } from "@/lib/runs/service";
import { serverCtx } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Run ${(await params).id}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await serverCtx();
  const detail = await getRun(ctx, id).catch((err) => {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  });
  const dataset = await findDataset(ctx.db, detail.run.settings.datasetId);
  return <RunView initial={detail} datasetName={dataset?.name ?? null} />;
}
