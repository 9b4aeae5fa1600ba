import type { ModelSource } from "@/lib/models/sources/types";

const LABELS: Record<ModelSource, string> = {
  "models-dir": "models folder",
  extra: "extra folder",
  ollama: "Ollama",
  "lm-studio": "LM Studio",
  "hf-cache": "Hugging Face cache",
};

/** Where a model file was found, and its name there (an Ollama tag, an LM Studio or Hugging Face repo path). */
export function SourceBadge({ source, name }: { source: ModelSource; name?: string }) {
  return (
    <span className="model-source">
      <span className="badge" data-testid="model-source" data-source={source}>{LABELS[source]}</span>
      {name ? <span className="mono"> {name}</span> : null}
    </span>
  );
}
