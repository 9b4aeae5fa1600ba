import { mean } from "../metrics/stats";
import type { GenerationView } from "./types";

// Time left in a run, from what each model has measured so far. Models run one after another and differ a lot in
// speed (a 70B-shaped model can be ten times slower than a 7B one), so "elapsed / done × left" over-weights
// whichever model ran first. Here each model's remaining cells are priced at its own measured time per cell;
// a model that has not started yet is priced from the measured ones, scaled by file size (decode time grows
// about linearly with the bytes read per token), plus a load for each repetition it has not begun.

export type EtaModel = { model: string; sizeBytes: number | null };
export type EtaInput = {
  models: EtaModel[];
  cellsPerRepetition: number;
  repetitions: number;
  generations: Pick<GenerationView, "model" | "repetition" | "status" | "cold" | "metrics">[];
};

type Measured = { msPerCell: number; loadMs: number | null; sizeBytes: number | null };

/** Milliseconds left, or null until at least one answer has been timed ("estimating…"). */
export function estimateRemainingMs({ models, cellsPerRepetition, repetitions, generations }: EtaInput): number | null {
  const measured = new Map<string, Measured>();
  for (const m of models) {
    const ok = generations.filter(
      (g) => g.model === m.model && g.status === "ok" && typeof g.metrics.endToEndMs === "number",
    );
    const msPerCell = mean(ok.map((g) => g.metrics.endToEndMs!));
    if (msPerCell !== null)
      measured.set(m.model, {
        msPerCell,
        loadMs: mean(ok.filter((g) => g.cold && typeof g.metrics.loadMs === "number").map((g) => g.metrics.loadMs!)),
        sizeBytes: m.sizeBytes,
      });
  }
  if (measured.size === 0) return null;
  const known = [...measured.values()];
  const sized = known.filter((k) => k.sizeBytes);
  // Per byte of model file where sizes are known, otherwise a plain mean over the measured models.
  // Each value is divided by its own model's size (a model without the figure is left out, not shifted onto the next).
  const perByte = (f: (k: Measured) => number | null) =>
    mean(
      sized.flatMap((k) => {
        const v = f(k);
        return v === null ? [] : [v / k.sizeBytes!];
      }),
    );
  const scaled = (f: (k: Measured) => number | null, size: number | null) => {
    const rate = size ? perByte(f) : null;
    return rate !== null && size ? rate * size : (mean(known.map(f).filter((v): v is number => v !== null)) ?? 0);
  };
  let total = 0;
  for (const m of models) {
    const mine = generations.filter((g) => g.model === m.model);
    const remaining = Math.max(0, cellsPerRepetition * repetitions - mine.length);
    if (remaining === 0) continue;
    const own = measured.get(m.model);
    const msPerCell = own?.msPerCell ?? scaled((k) => k.msPerCell, m.sizeBytes);
    const loadMs = own?.loadMs ?? scaled((k) => k.loadMs, m.sizeBytes);
    // A repetition of this model not begun yet loads the model once more.
    const loadsLeft = Array.from({ length: repetitions }, (_, r) => r).filter(
      (r) => !mine.some((g) => g.repetition === r),
    ).length;
    total += remaining * msPerCell + loadsLeft * loadMs;
  }
  return total;
}
