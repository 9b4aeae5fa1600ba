"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatMs } from "@/lib/format";
import type { DatasetSummary, SearchResult } from "@/lib/datasets/service";
import { DEFAULT_RETRIEVAL, type Retrieval } from "@/lib/retrieval/modes";
import { groupLabel } from "@/lib/datasets/group-names";
import { RetrievalFields } from "./retrieval-fields";

/** The retrieval a run uses, by hand: a question, a group, the top k with their scores. */
export function SearchPanel({ datasets }: { datasets: DatasetSummary[] }) {
  const [datasetId, setDatasetId] = useState("");
  const [group, setGroup] = useState("");
  const [question, setQuestion] = useState("What do people like about the product?");
  const [k, setK] = useState(2);
  const [retrieval, setRetrieval] = useState<Retrieval>(DEFAULT_RETRIEVAL);
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];
  const groupKey = group || dataset?.groups[0]?.group || "";
  const search = useMutation({
    mutationFn: (searched: { group: string; label: string }) =>
      fetchJson<SearchResult>(
        `/api/datasets/${dataset!.id}/search?${new URLSearchParams({ q: question, group: searched.group, k: String(k), mode: retrieval.mode, mmr: retrieval.mmr ? "1" : "0" })}`,
      ),
  });
  if (!dataset) return null;
  return (
    <section className="panel" aria-labelledby="search-heading">
      <h2 id="search-heading">Try the retrieval</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          const g = dataset?.groups.find((x) => x.group === groupKey);
          search.mutate({ group: groupKey, label: groupLabel(groupKey, g?.name) });
        }}
      >
        <label>
          Dataset
          <select
            value={dataset.id}
            onChange={(e) => {
              setDatasetId(e.target.value);
              setGroup("");
            }}
          >
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Group
          <select value={groupKey} onChange={(e) => setGroup(e.target.value)} aria-label="Group">
            {dataset.groups.map((g) => (
              <option key={g.group} value={g.group}>
                {groupLabel(g.group, g.name)} ({g.documents})
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Question
          <input value={question} onChange={(e) => setQuestion(e.target.value)} aria-label="Question" />
        </label>
        <label>
          k
          <input
            type="number"
            value={k}
            onChange={(e) => setK(Number(e.target.value))}
            aria-label="k"
            style={{ width: 80 }}
          />
        </label>
        <RetrievalFields value={retrieval} onChange={setRetrieval} />
        <div>
          <button className="btn btn-primary" type="submit" disabled={search.isPending}>
            Search
          </button>
        </div>
      </form>
      {search.error ? <ErrorMessage error={search.error} /> : null}
      {search.data ? (
        <div className="stack">
          <p className="muted">
            Results for <strong data-testid="search-group">{search.variables?.label}</strong>: question embedded in{" "}
            {formatMs(search.data.embedMs)}, top {search.data.hits.length} found in {formatMs(search.data.retrievalMs)}.
          </p>
          <ol className="hits" aria-label="Search results">
            {search.data.hits.map((hit) => (
              <li key={hit.id} className="hit">
                <span className="badge">similarity {hit.score.toFixed(3)}</span>{" "}
                <span className="muted">row {hit.sourceRow}</span>
                {hit.duplicates > 1 ? (
                  <>
                    {" "}
                    <span className="badge" title="Rows of the CSV with this same text, stored once">
                      ×{hit.duplicates} in the file
                    </span>
                  </>
                ) : null}
                {hit.ranks?.text ? (
                  <>
                    {" "}
                    <span className="muted">
                      full-text rank {hit.ranks.text}
                      {hit.ranks.vector ? `, vector rank ${hit.ranks.vector}` : ", not in the vector list"}
                    </span>
                  </>
                ) : null}
                <p className="hit-text">{hit.text.length > 600 ? `${hit.text.slice(0, 600)}…` : hit.text}</p>
                {/* The label columns kept at import (a rating, a date): what the user kept them to see. */}
                {Object.keys(hit.metadata ?? {}).length ? (
                  <dl className="hit-labels" data-testid="hit-labels">
                    {Object.entries(hit.metadata).map(([key, value]) => (
                      <div key={key}>
                        <dt>{key}</dt>
                        <dd>{value.length > 120 ? `${value.slice(0, 120)}…` : value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
