import { coefficientOfVariation } from "../metrics/stats";
import { isContended } from "../system/load-types";
import { modelLabel } from "./chart-data";
import type { GenerationView } from "./types";

// Whether a run's speed figures can be trusted: how much each model's generation rate varies between answers
// (coefficient of variation), and how many answers were measured while other programs used the CPU.
// Pure and browser-safe: the run page, the HTML export and the JSON export share it.

/** Above this, answers of one model differ by more than 30 % of their mean rate: a median on few answers moves. */
export const HIGH_CV = 0.3;

export type ModelNoise = {
  model: string;
  label: string;
  n: number;
  cv: number | null;
  contended: number;
  measured: number;
};
export type NoiseReport = {
  models: ModelNoise[];
  contended: number;
  measured: number;
  maxOtherCores: number;
  maxSteal: number;
  warnings: string[];
  advice: string | null;
};

export const NOISE_ADVICE =
  "Close other work on this machine (including this page, if you watch the run here), then re-run it; or raise the repetitions so each median rests on more answers.";

export function noiseReport(models: string[], generations: GenerationView[]): NoiseReport {
  const ok = generations.filter((g) => g.status === "ok");
  const perModel = models.map((model): ModelNoise => {
    const mine = ok.filter((g) => g.model === model);
    const warm = mine.filter((g) => !g.cold);
    const used = warm.length > 0 ? warm : mine;
    const rates = used
      .map((g) => g.metrics.generationTokensPerSecond)
      .filter((v): v is number => typeof v === "number");
    return {
      model,
      label: modelLabel(model, models),
      n: rates.length,
      cv: coefficientOfVariation(rates),
      contended: mine.filter((g) => isContended(g.load)).length,
      measured: mine.filter((g) => g.load).length,
    };
  });
  const loads = ok.map((g) => g.load).filter((l) => l !== null);
  const contended = perModel.reduce((a, m) => a + m.contended, 0);
  const measured = perModel.reduce((a, m) => a + m.measured, 0);
  const maxOtherCores = Math.max(0, ...loads.map((l) => l.otherCores));
  const maxSteal = Math.max(0, ...loads.map((l) => l.stealPercent));
  const warnings: string[] = [];
  if (contended > 0) {
    warnings.push(
      `${contended} of ${measured} answers were measured while other programs used the CPU (up to ${maxOtherCores.toFixed(1)} cores besides Lineup${maxSteal > 0 ? `, ${maxSteal.toFixed(0)} % steal` : ""}); their speed figures are slower than this machine can do.`,
    );
  }
  for (const m of perModel) {
    if (m.cv !== null && m.cv > HIGH_CV && m.n >= 3) {
      warnings.push(
        `${m.label}: generation rate varies a lot between answers (coefficient of variation ${m.cv.toFixed(2)} over ${m.n} answers).`,
      );
    }
  }
  return {
    models: perModel,
    contended,
    measured,
    maxOtherCores,
    maxSteal,
    warnings,
    advice: warnings.length ? NOISE_ADVICE : null,
  };
}
