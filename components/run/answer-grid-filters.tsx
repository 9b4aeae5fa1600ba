import { groupDisplay } from "@/lib/datasets/group-names";
import { modelLabel } from "@/lib/runs/chart-data";
import type { GridFilter } from "@/lib/runs/answer-grid";

/** The answer grid's filters: product, question, which model columns, and only the rows whose answers differ. */
export function AnswerGridFilters({
  filter,
  onChange,
  groups,
  questions,
  models,
  groupNames,
}: {
  filter: GridFilter;
  onChange: (f: GridFilter) => void;
  groups: string[];
  questions: string[];
  models: string[];
  groupNames: Record<string, string>;
}) {
  const shown = filter.models.length ? filter.models : models;
  const toggle = (model: string) => {
    const next = shown.includes(model) ? shown.filter((m) => m !== model) : [...shown, model];
    // Keep run order; hiding every model shows them all again rather than an empty grid.
    const ordered = models.filter((m) => next.includes(m));
    onChange({ ...filter, models: ordered.length === models.length ? [] : ordered });
  };
  return (
    <div className="grid-filters" role="group" aria-label="Filter the answers">
      <label>
        Product{" "}
        <select value={filter.group ?? ""} onChange={(e) => onChange({ ...filter, group: e.target.value || null })}>
          <option value="">All products</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {groupDisplay(g, groupNames)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Question{" "}
        <select
          aria-label="Question"
          value={filter.question ?? ""}
          onChange={(e) => onChange({ ...filter, question: e.target.value || null })}
        >
          <option value="">All questions</option>
          {questions.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="grid-models">
        <legend>Models</legend>
        {models.map((m) => (
          <label key={m} title={m}>
            <input type="checkbox" checked={shown.includes(m)} onChange={() => toggle(m)} /> {modelLabel(m, models)}
          </label>
        ))}
      </fieldset>
      <label>
        <input
          type="checkbox"
          data-testid="only-differing"
          checked={filter.onlyDiffering}
          onChange={(e) => onChange({ ...filter, onlyDiffering: e.target.checked })}
        />{" "}
        Only where the answers differ
      </label>
    </div>
  );
}
