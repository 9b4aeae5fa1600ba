"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";

type Listed = { models: { file: string; valid: boolean }[]; remote?: { ref: string }[] };

/** Every model that can judge: the run's own, the usable local files, and the configured endpoints' models. */
export function useJudgeChoices(runModels: string[] = []): string[] {
  const inventory = useQuery({
    queryKey: ["judge-models"],
    queryFn: () => fetchJson<Listed>("/api/models"),
    staleTime: 30_000,
  });
  const local = inventory.data?.models.filter((m) => m.valid).map((m) => m.file) ?? [];
  const remote = inventory.data?.remote?.map((m) => m.ref) ?? [];
  return [...new Set([...runModels, ...local, ...remote])];
}

export const MODE_LABELS = {
  pairwise: "Pairwise: which of two answers is better (both orders)",
  rubric: "Rubric: 1–5 for faithfulness, relevance, completeness",
  claims: "Claims: each claim checked against the reviews",
} as const;
