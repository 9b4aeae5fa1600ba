"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import type { DatasetSummary } from "@/lib/datasets/service";
import { DatasetRow } from "./dataset-row";
import { ImportPanel } from "./import-panel";
import { SearchPanel } from "./search-panel";
import { RetrievalEval } from "./retrieval-eval";

export function DatasetsView({ initial }: { initial: DatasetSummary[] }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ["datasets"],
    queryFn: async () => (await fetchJson<{ datasets: DatasetSummary[] }>("/api/datasets")).datasets,
    initialData: initial,
  });
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ["datasets"] }), [client]);
  const action = useMutation({
    mutationFn: ({ id, action }: { id: string; action: "cancel" | "resume" }) =>
      fetchJson(`/api/datasets/${id}/${action}`, { method: "POST" }),
    onSettled: refresh,
  });
  const datasets = query.data ?? [];
  return (
    <div className="stack">
      <ImportPanel onImported={refresh} />
      {query.error ? <ErrorMessage error={query.error} /> : null}
      {action.error ? <ErrorMessage error={action.error} /> : null}
      {datasets.length === 0 ? (
        <EmptyState title="No datasets yet">
          <p>Import a CSV above: one document per row, with a column that groups rows (such as a product id).</p>
        </EmptyState>
      ) : (
        <ul className="dataset-list" aria-label="Datasets">
          {datasets.map((d) => (
            <DatasetRow
              key={d.id}
              dataset={d}
              onChange={refresh}
              onAction={(id, a) => action.mutate({ id, action: a })}
            />
          ))}
        </ul>
      )}
      <SearchPanel datasets={datasets.filter((d) => d.status === "ready")} />
      <RetrievalEval datasets={datasets.filter((d) => d.status === "ready")} />
    </div>
  );
}
