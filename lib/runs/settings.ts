// What a run is: the original experiment's choices are the defaults (REFERENCE.md), validated from the fields
// in setting-fields.ts (defaults, labels, limits). Browser-safe (zod only), for the form and the server.
import { z } from "zod";
import { fillTemplate, unknownPlaceholders } from "./prompt";
import { DEFAULT_RETRIEVAL } from "../retrieval/modes";
import { DEFAULT_ENGINE, LOCAL_ENGINES, type LocalEngine } from "../backends/engine-names";
import { DEFAULT_PROMPT_FORMAT, GPU_CHOICES, PROMPT_FORMATS, type GpuChoice, type PromptFormat } from "./run-options";
import {
  DEFAULT_PROMPT,
  DEFAULT_QUESTIONS,
  settingField,
  type NumberSetting,
  type NumberSettingKey,
} from "./setting-fields";

export * from "./setting-fields";

// Zod probes for code generation with `Function("")`, which the pages' Content-Security-Policy forbids (and
// reports): this module is the one zod user that reaches the browser, so it says so here, not in the root layout
// (which would put zod into every page's JavaScript).
z.config({ jitless: true });

function numberSchema(f: NumberSetting) {
  const n = f.step === 1 ? z.number().int(`${f.noun} must be a whole number`) : z.number();
  return n.min(f.min, `${f.noun} must be at least ${f.min}`).max(f.max, `${f.noun} must be at most ${f.max}`);
}
const num = (key: NumberSettingKey) => numberSchema(settingField(key));
function withDefault(key: Exclude<NumberSettingKey, "threads">) {
  const value = settingField(key).default;
  if (value === null) throw new Error(`${key} has no default`);
  return num(key).default(value);
}

export const RunSettingsInput = z.object({
  datasetId: z.string().min(1, "choose a dataset"),
  groups: z.array(z.string().min(1)).max(200, "at most 200 groups").optional(),
  questions: z
    .array(z.string().trim().min(1, "a question cannot be empty").max(500))
    .min(1, "ask at least one question")
    .max(20, "at most 20 questions")
    .default(DEFAULT_QUESTIONS),
  k: withDefault("k"),
  retrieval: z
    .enum(["vector", "hybrid"], { error: 'retrieval must be "vector" or "hybrid"' })
    .default(DEFAULT_RETRIEVAL.mode),
  mmr: z.boolean({ error: "mmr must be true (diverse top k) or false" }).default(DEFAULT_RETRIEVAL.mmr),
  promptTemplate: z
    .string()
    .default(DEFAULT_PROMPT)
    .refine(
      (t) => t.includes("{context}") && t.includes("{question}"),
      "the prompt template must contain {context} and {question}",
    )
    .superRefine(
      (t, ctx) =>
        void (
          unknownPlaceholders(t).length &&
          ctx.addIssue({
            code: "custom",
            message: `the prompt template may only use {context} and {question}; remove ${unknownPlaceholders(t).join(", ")}`,
          })
        ),
    ),
  models: z
    .array(z.string().min(1))
    .min(2, "choose at least two models")
    .max(5, "choose at most five models")
    .refine((m) => new Set(m).size === m.length, "each model can be chosen once"),
  contextSize: withDefault("contextSize"),
  temperature: withDefault("temperature"),
  maxTokens: withDefault("maxTokens"),
  seed: withDefault("seed"),
  threads: num("threads").optional(),
  repetitions: withDefault("repetitions"),
  engine: z
    .enum(LOCAL_ENGINES, { error: `engine must be one of ${LOCAL_ENGINES.map((e) => `"${e}"`).join(", ")}` })
    .default(DEFAULT_ENGINE),
  promptFormat: z
    .enum(PROMPT_FORMATS, { error: `promptFormat must be one of ${PROMPT_FORMATS.map((f) => `"${f}"`).join(", ")}` })
    .default(DEFAULT_PROMPT_FORMAT),
  /** Left out: the server's default (LINEUP_GPU, else "auto"). */
  gpu: z.enum(GPU_CHOICES, { error: `gpu must be one of ${GPU_CHOICES.map((g) => `"${g}"`).join(", ")}` }).optional(),
});

export type RunSettingsInput = z.input<typeof RunSettingsInput>;
/** Settings as stored with the run: every default filled in, groups and threads resolved. */
export type RunSettings = Omit<
  z.output<typeof RunSettingsInput>,
  "groups" | "threads" | "engine" | "promptFormat" | "gpu"
> & {
  groups: string[];
  threads: number;
  /** The engine for local model files; absent in runs stored before there was a choice (node-llama-cpp: engineOf). */
  engine?: LocalEngine;
  /** Absent in runs stored before there was a choice: those were raw (promptFormatOf). */
  promptFormat?: PromptFormat;
  /** Absent in runs stored before there was a choice: those ran on the CPU (gpuOf). */
  gpu?: GpuChoice;
};

/** The prompt every model receives: the same text, built once per question. */
export function buildPrompt(template: string, question: string, context: string[]): string {
  return fillTemplate(template, { context: context.join("\n\n"), question });
}

/** Model order for a repetition: rotated, so no model always runs first (cold caches) or last. */
export function modelOrder(models: string[], repetition: number): string[] {
  const shift = repetition % models.length;
  return [...models.slice(shift), ...models.slice(0, shift)];
}
