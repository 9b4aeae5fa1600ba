import { EndpointPanel } from "@/components/models/endpoint-panel";
import { ModelInventory } from "@/components/models/model-inventory";
import { PullPanel } from "@/components/models/pull-panel";
import { PageHeader } from "@/components/ui/page-header";
import { getInventory } from "@/lib/models";

export const dynamic = "force-dynamic";
export const metadata = { title: "Models" };

export default async function ModelsPage() {
  const inventory = await getInventory(1024);
  return (
    <>
      <PageHeader
        title="Models"
        lead="The GGUF files in your models folder and in Ollama's, LM Studio's and Hugging Face's stores, read without loading their weights, with what their architecture means for speed and memory."
      />
      <ModelInventory initial={inventory} />
      <PullPanel />
      <EndpointPanel />
    </>
  );
}
