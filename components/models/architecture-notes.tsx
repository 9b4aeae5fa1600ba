import type { ModelFacts } from "@/lib/models/gguf/inspect";
import { formatCount } from "@/lib/format";
import { slidingWindowNote } from "@/lib/models/sliding-window";

/** One line per architecture idea the model uses, in the terms of the original experiment. */
export function architectureNotes(f: ModelFacts): string[] {
  const notes: string[] = [];
  if (f.gqaGroupSize > 1) {
    notes.push(`Grouped-query attention: ${f.gqaGroupSize} query heads share each key/value head, so the KV cache is ${f.gqaGroupSize}x smaller than with ${f.heads} KV heads.`);
  } else {
    notes.push("Multi-head attention: every query head has its own key/value head (the largest KV cache for its width).");
  }
  const window = slidingWindowNote(f);
  if (window) notes.push(window);
  if (f.experts && f.expertsUsed) {
    notes.push(`Sparse mixture of experts: a router picks ${f.expertsUsed} of ${f.experts} experts per token, so ${formatCount(f.activeParameters)} of ${formatCount(f.parameters)} parameters work per token: small-model speed, large-model memory.`);
  }
  return notes;
}

export function ArchitectureNotes({ facts }: { facts: ModelFacts }) {
  return (
    <ul className="arch-notes">
      {architectureNotes(facts).map((note) => <li key={note}>{note}</li>)}
    </ul>
  );
}
