import { answersNeeded, independentEffect, noEffect, pairedEffect, type Effect } from "../metrics/effect";
import { isContended } from "../system/load-types";
import { modelLabel } from "./chart-data";
import { ASPECTS, samplesOf, type Aspect, type AspectKey } from "./verdict-aspects";
import type { GenerationView } from "./types";

// The answer to the question a user runs Lineup with: per aspect (speed, latency, memory, quality), which model
// is best and by how much, as a ratio (or a score difference) with a 95% bootstrap interval against each other
// model; or "can't tell", with why and what to do. Can't tell when a model has too few answers, when the machine
// was busy for a figure that a busy machine skews, or when an interval straddles "no difference". Pure and
// browser-safe: the run page, the compare page, the HTML export and the CLI all show this one decision.

/** Below this many answers per model, a bootstrap interval is too rough to rest a verdict on. */
export const MIN_ANSWERS = 10;
/** More than this share of a timing's answers measured while other programs used the CPU: no speed verdict. */
export const BUSY_SHARE = 0.1;
/** Within this, two models are "about the same" when the whole interval lies inside it. */
export const SAME_RATIO = 1.05;
export const SAME_DIFFERENCE = 0.02;

export type Outcome = "better" | "same" | "unclear";
export type Comparison = { model: string; label: string; n: number; effect: Effect | null; outcome: Outcome };
export type VerdictStatus = "winner" | "tie" | "cant-tell" | "no-data";
export type AspectVerdict = {
  aspect: AspectKey;
  label: string;
  figure: string;
  status: VerdictStatus;
  best: string | null;
  bestLabel: string | null;
  /** Every other model measured, against the best one (ratio ≥ 1, or difference ≥ 0, means the best leads). */
  comparisons: Comparison[];
  headline: string;
  /** What to do for a verdict, when there is none yet. */
  advice: string | null;
};

const SUPERLATIVE: Record<AspectKey, string> = {
  speed: "fastest",
  latency: "quickest to answer",
  memory: "leanest",
  quality: "most grounded",
};

export function formatEffect(e: Effect): string {
  if (e.kind === "ratio") return `${e.value.toFixed(2)}× (${e.lo.toFixed(2)}–${e.hi.toFixed(2)}×)`;
  const s = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`;
  return `${s(e.value)} (${s(e.lo)} to ${s(e.hi)})`;
}

export function outcomeOf(e: Effect | null): Outcome {
  if (!e) return "unclear";
  // The whole interval inside the "same" band: equal for practical purposes, even when measurably apart.
  const same =
    e.kind === "ratio"
      ? e.lo >= 1 / SAME_RATIO && e.hi <= SAME_RATIO
      : Math.abs(e.lo) <= SAME_DIFFERENCE && Math.abs(e.hi) <= SAME_DIFFERENCE;
  if (same) return "same";
  return e.lo > noEffect(e.kind) ? "better" : "unclear";
}

const pointOf = (aspect: Aspect, xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (aspect.effect === "difference") return s.reduce((a, b) => a + b, 0) / s.length;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The best model's lead over another: on the questions both answered when there are enough, else unpaired. */
function lead(aspect: Aspect, best: Map<string, GenerationView>, other: Map<string, GenerationView>, seed: string) {
  const keys = [...best.keys()].filter((k) => other.has(k));
  const read = (m: Map<string, GenerationView>, ks: string[]) => ks.map((k) => aspect.read(m.get(k)!)!);
  const paired = keys.length >= MIN_ANSWERS;
  const b = paired ? read(best, keys) : read(best, [...best.keys()]);
  const o = paired ? read(other, keys) : read(other, [...other.keys()]);
  const [x, y] = aspect.better === "higher" ? [b, o] : [o, b];
  return paired ? pairedEffect(aspect.effect, x, y, seed) : independentEffect(aspect.effect, x, y, seed);
}

function repetitionsFor(answers: number, perRepetition: number): number {
  return Math.max(1, Math.ceil(answers / Math.max(1, perRepetition)));
}

export function aspectVerdict(
  aspect: Aspect,
  models: string[],
  generations: GenerationView[],
  perRepetition: number,
): AspectVerdict {
  const base = { aspect: aspect.key, label: aspect.label, figure: aspect.figure };
  const measured = models
    .map((model) => ({ model, samples: samplesOf(aspect, model, generations) }))
    .filter((m) => m.samples.size > 0);
  if (measured.length < 2) {
    const headline =
      models.length < 2
        ? "One model: nothing to compare."
        : aspect.key === "quality"
          ? "No scores to compare yet: answers are scored when the run ends."
          : "Not measured for two models yet.";
    return { ...base, status: "no-data", best: null, bestLabel: null, comparisons: [], headline, advice: null };
  }
  const values = (m: (typeof measured)[number]) => [...m.samples.values()].map((g) => aspect.read(g)!);
  const sign = aspect.better === "higher" ? 1 : -1;
  const ranked = [...measured].sort((p, q) => sign * (pointOf(aspect, values(q)) - pointOf(aspect, values(p))));
  const best = ranked[0];
  const bestLabel = modelLabel(best.model, models);
  const comparisons: Comparison[] = ranked.slice(1).map((m) => {
    const effect = lead(aspect, best.samples, m.samples, `${aspect.key}/${best.model}/${m.model}`);
    return {
      model: m.model,
      label: modelLabel(m.model, models),
      n: m.samples.size,
      effect,
      outcome: outcomeOf(effect),
    };
  });
  const verdict = (status: VerdictStatus, headline: string, advice: string | null): AspectVerdict => ({
    ...base,
    status,
    best: best.model,
    bestLabel,
    comparisons,
    headline,
    advice,
  });

  const fewest = Math.min(...measured.map((m) => m.samples.size));
  if (fewest < MIN_ANSWERS) {
    const reps = repetitionsFor(MIN_ANSWERS, perRepetition);
    return verdict(
      "cant-tell",
      `Can't tell: ${fewest === 1 ? "1 answer" : `${fewest} answers`} for a model; a verdict needs at least ${MIN_ANSWERS} per model.`,
      `Run it with ${reps} repetition${reps > 1 ? "s" : ""} (or more questions) so each model gives ${MIN_ANSWERS} or more answers.`,
    );
  }
  if (aspect.busySensitive) {
    const loaded = measured.flatMap((m) => [...m.samples.values()]).filter((g) => g.load);
    const busy = loaded.filter((g) => isContended(g.load)).length;
    if (loaded.length > 0 && busy / loaded.length > BUSY_SHARE)
      return verdict(
        "cant-tell",
        `Can't tell: ${busy} of ${loaded.length} answers were timed while other programs used the CPU.`,
        "Close other programs (builds, browsers, other runs) and run it again on a quiet machine.",
      );
  }
  const runnerUp = comparisons[0];
  const unclear = comparisons.filter((c) => c.outcome === "unclear");
  if (unclear.length > 0) {
    const c = unclear[0];
    const needed = unclear.map((u) => (u.effect ? answersNeeded(u.effect) : null));
    const most = needed.some((n) => n === null) ? null : Math.max(...(needed as number[]));
    const advice =
      most === null
        ? `${bestLabel} and ${c.label} look alike: more answers are unlikely to tell them apart.`
        : `About ${most} answers per model would tell: ${repetitionsFor(most, perRepetition)} repetitions of these questions.`;
    const effect = c.effect ? ` (${bestLabel} against ${c.label}: ${formatEffect(c.effect)})` : "";
    return verdict("cant-tell", `Can't tell: the intervals overlap${effect}.`, advice);
  }
  const same = comparisons.filter((c) => c.outcome === "same");
  if (same.length > 0) {
    const alike = [bestLabel, ...same.map((c) => c.label)].join(" and ");
    const margin = aspect.effect === "ratio" ? `${Math.round((SAME_RATIO - 1) * 100)} %` : `${SAME_DIFFERENCE}`;
    return verdict("tie", `${alike} are about the same (within ${margin}).`, null);
  }
  return verdict(
    "winner",
    aspect.effect === "ratio"
      ? `${bestLabel} is ${SUPERLATIVE[aspect.key]}: ${formatEffect(runnerUp.effect!)} ${aspect.wins} than ${runnerUp.label}.`
      : `${bestLabel} is ${SUPERLATIVE[aspect.key]}: ${formatEffect(runnerUp.effect!)} in score above ${runnerUp.label}.`,
    null,
  );
}

export type RunVerdict = { aspects: AspectVerdict[] };

/** Every aspect's verdict for a run. `questions`: answers one repetition gives per model (for the advice). */
export function runVerdict(models: string[], generations: GenerationView[], questions: number): RunVerdict {
  return { aspects: ASPECTS.map((a) => aspectVerdict(a, models, generations, questions)) };
}
