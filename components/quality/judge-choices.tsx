"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { JUDGE_MODES, type JudgeMode } from "@/lib/quality/judging/prompts";
import { modelLabel } from "@/lib/runs/model-identity";

type Listed = { models: { file: string; valid: boolean }[]; remote?: { ref: string }[] };

/** Every model that can judge: the run's own, the usable local files, and the configured endpoints' models. */
function useJudgeChoices(runModels: string[]): string[] {
  const inventory = useQuery({
    queryKey: ["judge-models"],
    queryFn: () => fetchJson<Listed>("/api/models"),
    staleTime: 30_000,
  });
  const local = inventory.data?.models.filter((m) => m.valid).map((m) => m.file) ?? [];
  const remote = inventory.data?.remote?.map((m) => m.ref) ?? [];
  return [...new Set([...runModels, ...local, ...remote])];
}

const MODE_LABELS: Record<JudgeMode, string> = {
  pairwise: "Pairwise: which of two answers is better (both orders)",
  rubric: "Rubric: 1–5 for faithfulness, relevance, completeness",
  claims: "Claims: each claim checked against the reviews",
};

/** The judge being picked (model and mode), with the two selects that pick it. */
export function useJudgePicker(runModels: string[] = []) {
  const choices = useJudgeChoices(runModels);
  const [picked, setModel] = useState<string | null>(null);
  const [mode, setMode] = useState<JudgeMode>("rubric");
  const model = picked ?? choices[0] ?? "";
  const fields = (
    <>
      <label>
        Judge model{" "}
        <select value={model} onChange={(e) => setModel(e.target.value)} data-testid="judge-model">
          {choices.map((m) => (
            <option key={m} value={m}>
              {modelLabel(m)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Mode{" "}
        <select value={mode} onChange={(e) => setMode(e.target.value as JudgeMode)} data-testid="judge-mode">
          {JUDGE_MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
  return { model, mode, fields };
}
