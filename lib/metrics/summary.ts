import type { GenerationView, ModelSummary } from "../runs/types";
import { METRIC_KEYS, type GenerationMetrics } from "./generation";
import { summarize, type Summary } from "./stats";

/** Per model: mean, sd, p50, p90 of every figure over its finished generations (warm ones, when there are any). */
export function summarizeModels(models: string[], generations: GenerationView[]): ModelSummary[] {
  return models.map((model) => {
    const mine = generations.filter((g) => g.model === model);
    const ok = mine.filter((g) => g.status === "ok");
    const warm = ok.filter((g) => !g.cold);
    const used = warm.length > 0 ? warm : ok;
    const figures = Object.fromEntries(
      METRIC_KEYS.map((k) => [
        k,
        summarize(
          k === "loadMs" ? ok.filter((g) => g.cold).map((g) => g.metrics.loadMs) : used.map((g) => g.metrics[k]),
        ),
      ]),
    ) as Record<keyof GenerationMetrics, Summary>;
    return {
      model,
      ok: ok.length,
      failed: mine.filter((g) => g.status === "failed").length,
      cancelled: mine.filter((g) => g.status === "cancelled").length,
      excludedCold: ok.length - used.length,
      figures,
    };
  });
}
