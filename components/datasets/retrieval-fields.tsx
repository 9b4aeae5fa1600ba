import { RETRIEVAL_MODES, type Retrieval, type RetrievalMode } from "@/lib/retrieval/modes";

/** How documents are found: vector or hybrid, and whether the top k is made diverse (MMR). */
export function RetrievalFields({ value, onChange }: { value: Retrieval; onChange: (next: Retrieval) => void }) {
  const mode = RETRIEVAL_MODES.find((m) => m.id === value.mode)!;
  return (
    <>
      <label>
        Retrieval
        <select
          value={value.mode}
          onChange={(e) => onChange({ ...value, mode: e.target.value as RetrievalMode })}
          aria-label="Retrieval"
          aria-describedby="retrieval-help"
        >
          {RETRIEVAL_MODES.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
        <span id="retrieval-help" className="muted field-help">
          {mode.help}
        </span>
      </label>
      <label className="inline-check">
        <input type="checkbox" checked={value.mmr} onChange={(e) => onChange({ ...value, mmr: e.target.checked })} />
        <span>
          Diverse top k (MMR)
          <br />
          <span className="muted field-help">fewer near-copies, at some cost in relevance</span>
        </span>
      </label>
    </>
  );
}
