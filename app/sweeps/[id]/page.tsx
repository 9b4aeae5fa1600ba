import { notFound } from "next/navigation";
import { SweepView } from "@/components/sweeps/sweep-view";
import { PageHeader } from "@/components/ui/page-header";
import { isAppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server/context";
import { getSweep } from "@/lib/sweeps/service";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Sweep ${(await params).id}` };
}

export default async function SweepPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const sweep = await getSweep(await serverCtx(), id).catch((err) => {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <>
      <PageHeader
        title={`Sweep ${sweep.id}`}
        lead="Prompt processing and generation rates, KV cache and memory against context depth, per model."
      />
      <SweepView initial={sweep} />
    </>
  );
}
