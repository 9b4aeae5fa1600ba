import { independentEffect, type Effect } from "../metrics/effect";
import { isContended } from "../system/load-types";
import { modelLabel } from "./chart-data";
import { ASPECTS, samplesOf, type Aspect, type AspectKey } from "./verdict-aspects";
import { BUSY_SHARE, MIN_ANSWERS, outcomeOf } from "./verdict";
import type { GenerationView, RunDetail } from "./types";

// Two runs of the same model, figure by figure: how much the second run (B) moved against the first (A), in %
// (a ratio of medians; for quality, a score difference in points), with a 95% bootstrap interval, and whether
// that is a real change, "about the same", or can't be told (too few answers, a busy machine, overlap).
// The answers of two runs are unrelated, so each run is resampled on its own. Pure and browser-safe.

export type Change = "better" | "worse" | "same" | "unclear";
export type Delta = {
  model: string;
  label: string;
  aspect: AspectKey;
  aspectLabel: string;
  /** B against A: ratio of medians (B / A) or difference of means (B − A); null when a run has no figure. */
  effect: Effect | null;
  change: Change;
  /** The delta as the page says it: "+12 % (5 to 19 %)" or "+0.04 (−0.01 to 0.09)". */
  text: string;
  /** Why there is no call, when there is none. */
  why: string | null;
};

/** "+12", "−3", and "0" for what rounds to nothing (never "−0"). */
function signed(v: number, digits: number): string {
  const text = Math.abs(v).toFixed(digits);
  return Number(text) === 0 ? text : `${v > 0 ? "+" : "−"}${text}`;
}

export function deltaText(e: Effect | null): string {
  if (!e) return "–";
  if (e.kind === "difference") return `${signed(e.value, 2)} (${signed(e.lo, 2)} to ${signed(e.hi, 2)})`;
  const pct = (v: number) => (v - 1) * 100;
  return `${signed(pct(e.value), 0)} % (${signed(pct(e.lo), 0)} to ${signed(pct(e.hi), 0)} %)`;
}

function busyShare(gs: GenerationView[]): number {
  const loaded = gs.filter((g) => g.load);
  return loaded.length ? loaded.filter((g) => isContended(g.load)).length / loaded.length : 0;
}

function delta(aspect: Aspect, model: string, models: string[], a: RunDetail, b: RunDetail): Delta {
  const sa = [...samplesOf(aspect, model, a.generations).values()];
  const sb = [...samplesOf(aspect, model, b.generations).values()];
  const effect =
    sa.length && sb.length
      ? independentEffect(
          aspect.effect,
          sb.map((g) => aspect.read(g)!),
          sa.map((g) => aspect.read(g)!),
          `compare/${aspect.key}/${model}`,
        )
      : null;
  const base = { model, label: modelLabel(model, models), aspect: aspect.key, aspectLabel: aspect.label, effect };
  const unclear = (why: string): Delta => ({ ...base, change: "unclear", text: deltaText(effect), why });
  if (!effect) return unclear("not measured in both runs");
  if (Math.min(sa.length, sb.length) < MIN_ANSWERS)
    return unclear(`too few answers (${Math.min(sa.length, sb.length)}; a call needs ${MIN_ANSWERS} in each run)`);
  if (aspect.busySensitive && Math.max(busyShare(sa), busyShare(sb)) > BUSY_SHARE)
    return unclear("timed on a busy machine: close other programs and re-run");
  // Orient the effect so that "better" means B improved: a lower time or memory is a ratio below 1.
  const flip = aspect.better === "lower";
  const oriented =
    flip && effect.kind === "ratio"
      ? { ...effect, value: 1 / effect.value, lo: 1 / effect.hi, hi: 1 / effect.lo }
      : effect;
  const up = outcomeOf(oriented);
  const down = outcomeOf(
    oriented.kind === "ratio"
      ? { ...oriented, value: 1 / oriented.value, lo: 1 / oriented.hi, hi: 1 / oriented.lo }
      : { ...oriented, value: -oriented.value, lo: -oriented.hi, hi: -oriented.lo },
  );
  const change: Change = up === "same" ? "same" : up === "better" ? "better" : down === "better" ? "worse" : "unclear";
  return {
    ...base,
    change,
    text: deltaText(effect),
    why: change === "unclear" ? "the interval straddles no change" : null,
  };
}

export type CompareVerdict = { deltas: Delta[]; models: string[]; headline: string };

/** Every model both runs measured, every aspect: B against A. */
export function compareVerdict(a: RunDetail, b: RunDetail): CompareVerdict {
  const models = a.run.settings.models.filter((m) => b.run.settings.models.includes(m));
  const deltas = models.flatMap((m) => ASPECTS.map((aspect) => delta(aspect, m, models, a, b)));
  const called = deltas.filter((d) => d.change === "better" || d.change === "worse");
  const headline =
    models.length === 0
      ? "The two runs share no model: there is nothing to set side by side."
      : called.length === 0
        ? `No figure changed measurably between the runs (${deltas.filter((d) => d.change === "same").length} about the same, ${deltas.filter((d) => d.change === "unclear").length} can't tell).`
        : called.map((d) => `${d.label} ${d.aspectLabel.toLowerCase()}: ${d.change} in B, ${d.text}`).join("; ") + ".";
  return { deltas, models, headline };
}
