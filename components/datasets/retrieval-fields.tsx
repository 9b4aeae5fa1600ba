import { RETRIEVAL_MODES, type Retrieval, type RetrievalMode } from "@/lib/retrieval/modes";

/** How documents are found: vector or hybrid, and whether the top k is made diverse (MMR). */
export function RetrievalFields({ value, onChange }: { value: Retrieval; onChange: (next: Retrieval) => void }) {
  return (
    <>
      <label>
        Retrieval
        <select value={value.mode} onChange={(e) => onChange({ ...value, mode: e.target.value as RetrievalMode })} aria-label="Retrieval">
          {RETRIEVAL_MODES.map((m) => <option key={m.id} value={m.id} title={m.help}>{m.label}: {m.help}</option>)}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={value.mmr} onChange={(e) => onChange({ ...value, mmr: e.target.checked })} />
        Diverse top k (MMR)
      </label>
    </>
  );
}
