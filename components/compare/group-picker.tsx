"use client";

import { useState } from "react";
import { sortGroups } from "@/lib/datasets/group-names";

type Group = { group: string; name: string | null; documents: number };

/**
 * The groups a run asks about: sorted by name, with a filter (a dataset can have hundreds), "select all shown" and
 * "select none", and names that wrap instead of being cut ("Includes Specia…").
 */
export function GroupPicker({
  groups,
  chosen,
  onChange,
}: {
  groups: Group[];
  chosen: string[];
  onChange: (next: string[]) => void;
}) {
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = sortGroups(groups).filter(
    (g) => !needle || g.group.toLowerCase().includes(needle) || g.name?.toLowerCase().includes(needle),
  );
  const toggle = (g: string) => onChange(chosen.includes(g) ? chosen.filter((x) => x !== g) : [...chosen, g]);
  return (
    <fieldset className="group-picker">
      <legend>
        Groups ({chosen.length} of {groups.length} chosen)
      </legend>
      <div className="toolbar group-tools">
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter by name or code"
          aria-label="Filter groups"
        />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onChange([...new Set([...chosen, ...shown.map((g) => g.group)])])}
        >
          Select all shown
        </button>
        <button type="button" className="btn btn-small" onClick={() => onChange([])} disabled={!chosen.length}>
          Select none
        </button>
      </div>
      <div className="group-list">
        {shown.map((g) => (
          <label key={g.group} className="check group-check">
            <input type="checkbox" checked={chosen.includes(g.group)} onChange={() => toggle(g.group)} />
            <span>
              {g.name ? (
                <>
                  {g.name} <span className="mono muted small">{g.group}</span>
                </>
              ) : (
                g.group
              )}{" "}
              <span className="muted">({g.documents})</span>
            </span>
          </label>
        ))}
        {shown.length === 0 ? <p className="muted small">No group matches &ldquo;{filter}&rdquo;.</p> : null}
      </div>
    </fieldset>
  );
}
