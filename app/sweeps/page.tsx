import { SweepForm } from "@/components/sweeps/sweep-form";
import { SweepList } from "@/components/sweeps/sweep-list";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { getInventory } from "@/lib/models";
import { serverCtx } from "@/lib/server/context";
import { sweepList } from "@/lib/sweeps/service";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sweeps" };

export default async function SweepsPage() {
  const [inventory, sweeps] = await Promise.all([getInventory(4096), serverCtx().then(sweepList)]);
  const models = inventory.models
    .filter((m) => m.valid)
    .map((m) => ({
      file: m.file,
      sizeBytes: m.sizeBytes,
      contextLength: m.facts.contextLength,
      standin: m.facts.standin === true,
      demo: m.facts.demo,
      fits: m.fitsInMemory !== false,
    }));
  return (
    <>
      <PageHeader
        title="Sweeps: speed and memory as the context fills"
        lead={
          <>
            How fast each model reads a prompt and writes an answer when the context already holds 0, 512, 2k, 4k, 8k…
            tokens, and how much KV cache llama.cpp really keeps: where grouped-query attention, sliding windows and
            mixtures of experts show. Real-size stand-ins for Llama 2 7B, Mistral 7B, a Mixtral-shaped MoE and Gemma 3
            come from <code>npm run models:standins -- all</code> (random weights: speed and memory only).
          </>
        }
      />
      <SweepForm models={models} threads={env().threads} />
      <h2>Earlier sweeps</h2>
      <SweepList sweeps={sweeps} />
    </>
  );
}
