import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata = { title: "Models" };

export default function ModelsPage() {
  return (
    <>
      <PageHeader title="Models" lead="The GGUF files in your models folder, with what their architecture means for speed and memory." />
      <EmptyState title="No models found">
        <p>
          Put GGUF files into the <code>models/</code> folder, or run <code>npm run demo</code> to generate the small demo
          models.
        </p>
      </EmptyState>
    </>
  );
}
