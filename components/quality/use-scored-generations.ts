import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { LiveRun } from "@/lib/runs/reducer";
import { isFinalRunStatus } from "@/lib/runs/status";
import type { GenerationView, RunDetail } from "@/lib/runs/types";

/**
 * The run's answers with their quality scores. Scores are written when the run ends, after the answers were
 * streamed here: they are read back once, when some answer on this page is still without them (a page opened
 * on a finished run already has them). One query, shared by the verdict, the answer grid and the quality panel.
 */
export function useScoredGenerations(run: LiveRun): GenerationView[] {
  const id = run.run.id;
  const unscored = run.generations.some((g) => g.status === "ok" && !g.quality);
  const stored = useQuery({
    queryKey: ["run-quality", id],
    queryFn: () => fetchJson<RunDetail>(`/api/runs/${id}`),
    enabled: isFinalRunStatus(run.run.status) && unscored,
    staleTime: Infinity,
  });
  // Once the live run has its scores (a snapshot reloaded after a judge, say), it is the newer copy.
  return unscored && stored.data ? stored.data.generations : run.generations;
}
