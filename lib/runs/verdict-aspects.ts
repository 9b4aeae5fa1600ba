import type { EffectKind } from "../metrics/effect";
import { isRemoteRef } from "../remote/types";
import type { GenerationView } from "./types";

// The four things a user asks a run ("which is faster, quicker to answer, leaner, better?"): which figure each
// reads per answer, which way is better, how two models are compared, and whether a busy machine skews it.
// The one list: the run page, the compare page, the HTML export and the CLI all read it. Browser-safe.

export type AspectKey = "speed" | "latency" | "memory" | "quality";

export type Aspect = {
  key: AspectKey;
  label: string;
  /** What the figure is, for the reader: "decode rate (tok/s), median". */
  figure: string;
  better: "higher" | "lower";
  effect: EffectKind;
  /** The advantage, worded: "faster", "less memory". */
  wins: string;
  /** Other programs on the CPU slow decoding and stretch times, so these figures need a quiet machine. */
  busySensitive: boolean;
  /** The answer's figure, or undefined when it has none. */
  read: (g: GenerationView) => number | undefined;
  /** Which answers count: warm ones for timings (cold loads are counted apart), every scored one for quality. */
  warmOnly: boolean;
};

const positive = (v: number | null | undefined) =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined;

export const ASPECTS: readonly Aspect[] = [
  {
    key: "speed",
    label: "Speed",
    figure: "decode rate (tok/s), median",
    better: "higher",
    effect: "ratio",
    wins: "faster",
    busySensitive: true,
    read: (g) => positive(g.metrics.generationTokensPerSecond),
    warmOnly: true,
  },
  {
    key: "latency",
    label: "Latency",
    figure: "time to the whole answer, median",
    better: "lower",
    effect: "ratio",
    wins: "quicker",
    busySensitive: true,
    read: (g) => positive(g.metrics.endToEndMs),
    warmOnly: true,
  },
  {
    key: "memory",
    label: "Memory",
    figure: "peak RSS of the model's worker, median",
    better: "lower",
    effect: "ratio",
    wins: "leaner",
    busySensitive: false,
    // A remote model's memory is not ours to measure.
    read: (g) => (isRemoteRef(g.model) ? undefined : positive(g.metrics.peakRssBytes)),
    warmOnly: true,
  },
  {
    key: "quality",
    label: "Quality",
    figure: "groundedness score in [0, 1], mean",
    better: "higher",
    effect: "difference",
    wins: "more grounded",
    busySensitive: false,
    read: (g) => (g.quality && Number.isFinite(g.quality.groundedness) ? g.quality.groundedness : undefined),
    warmOnly: false,
  },
];

/** The answers of one model that an aspect reads, keyed by question and repetition (for pairing). */
export function samplesOf(aspect: Aspect, model: string, generations: GenerationView[]): Map<string, GenerationView> {
  const ok = generations.filter((g) => g.model === model && g.status === "ok" && aspect.read(g) !== undefined);
  const warm = ok.filter((g) => !g.cold);
  const used = aspect.warmOnly && warm.length > 0 ? warm : ok;
  return new Map(used.map((g) => [`${g.questionId}/${g.repetition}`, g]));
}
