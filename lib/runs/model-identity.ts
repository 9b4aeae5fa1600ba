// One identity per model: the same colour and display name on every page, run and export for the same model
// file. The colour comes from a hash of the model's id (its file name, or remote:<endpoint>/<model>), not from its
// place in a run's order, which changed between runs (lineup-gqa was orange in one run and blue in the next).
// Browser-safe: no server imports.

/** Mid-tone colours, far apart in hue, that read on a white and on a dark panel alike. */
export const MODEL_PALETTE = [
  "#3b82f6",
  "#f59e0b",
  "#10b981",
  "#ec4899",
  "#8b5cf6",
  "#06b6d4",
  "#ef4444",
  "#84cc16",
  "#b45309",
  "#94a3b8",
];

/** FNV-1a, 32 bits: stable across processes and browsers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const slotOf = (model: string) => hash(model) % MODEL_PALETTE.length;

/**
 * A model's colour: its hashed slot in the palette. When two models shown together hash to the same slot, the one
 * whose id sorts later takes the next free slot, so the pair stays apart; the choice depends only on the set of
 * models shown, never on their order. `models` is that set (a run's models, a leaderboard's).
 */
export function modelColor(models: string[], model: string): string {
  const taken = new Map<string, number>();
  const used = new Set<number>();
  const all = [...new Set([...models, model])].sort();
  for (const m of all) {
    let slot = slotOf(m);
    for (let tries = 0; used.has(slot) && tries < MODEL_PALETTE.length; tries++)
      slot = (slot + 1) % MODEL_PALETTE.length;
    used.add(slot);
    taken.set(m, slot);
  }
  return MODEL_PALETTE[taken.get(model)!];
}

const QUANT_SUFFIX = /[.-](I?Q\d[\w]*|F16|F32|BF16)$/i;

/** The file name without ".gguf" (kept for places that show the file itself). */
export const shortName = (file: string) => file.replace(/\.gguf$/i, "");

/**
 * What people call the model, the one rule every page and export uses: the file name without ".gguf" and its
 * quantisation ("lineup-dense.Q8_0.gguf" is "lineup-dense"), unless another model shown beside it has the same
 * name in another quantisation: then both keep theirs.
 */
export function modelLabel(file: string, models: string[] = [file]): string {
  const bare = shortName(file).replace(QUANT_SUFFIX, "");
  const collides = models.some((m) => m !== file && shortName(m).replace(QUANT_SUFFIX, "") === bare);
  return collides ? shortName(file) : bare;
}
