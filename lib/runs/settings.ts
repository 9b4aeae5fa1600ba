import { z } from "zod";

// What a run is: the original experiment's choices are the defaults (REFERENCE.md). The one source for every
// setting's default, label and limits: the form, the validation, the run page, compare and exports read it.
// Browser-safe (zod only).

export const DEFAULT_QUESTIONS = ["What do people like about the product?", "What do people dislike about the product?"];
export const DEFAULT_PROMPT =
  "Use the following pieces of context to answer the question at the end.\n\n{context}\n\nQuestion: {question}\nAnswer:";
export const DEFAULT_GROUP_COUNT = 10;

type NumberSetting = {
  key: "k" | "contextSize" | "temperature" | "maxTokens" | "seed" | "threads" | "repetitions";
  label: string;
  /** How messages name it: "k must be at least 1". */
  noun: string;
  /** null: decided by the server (threads: the physical cores). */
  default: number | null;
  min: number;
  max: number;
  step: number;
};

/** The numeric settings, in the order the form and the tables show them. */
export const NUMBER_SETTINGS = [
  { key: "k", label: "Documents per question (k)", noun: "k", default: 2, min: 1, max: 20, step: 1 },
  { key: "contextSize", label: "Context size", noun: "context size", default: 1024, min: 256, max: 32768, step: 1 },
  { key: "temperature", label: "Temperature", noun: "temperature", default: 0.7, min: 0, max: 2, step: 0.1 },
  { key: "maxTokens", label: "Max tokens", noun: "max tokens", default: 256, min: 1, max: 4096, step: 1 },
  { key: "seed", label: "Seed", noun: "seed", default: 42, min: 0, max: 2 ** 31 - 1, step: 1 },
  { key: "threads", label: "Threads", noun: "threads", default: null, min: 1, max: 256, step: 1 },
  { key: "repetitions", label: "Repetitions", noun: "repetitions", default: 1, min: 1, max: 10, step: 1 },
] as const satisfies readonly NumberSetting[];

export type NumberSettingKey = (typeof NUMBER_SETTINGS)[number]["key"];

export const settingField = (key: NumberSettingKey) => NUMBER_SETTINGS.find((f) => f.key === key)!;

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
  questions: z.array(z.string().trim().min(1, "a question cannot be empty").max(500)).min(1, "ask at least one question").max(20, "at most 20 questions").default(DEFAULT_QUESTIONS),
  k: withDefault("k"),
  promptTemplate: z.string().default(DEFAULT_PROMPT)
    .refine((t) => t.includes("{context}") && t.includes("{question}"), "the prompt template must contain {context} and {question}"),
  models: z.array(z.string().min(1)).min(2, "choose at least two models").max(5, "choose at most five models")
    .refine((m) => new Set(m).size === m.length, "each model can be chosen once"),
  contextSize: withDefault("contextSize"),
  temperature: withDefault("temperature"),
  maxTokens: withDefault("maxTokens"),
  seed: withDefault("seed"),
  threads: num("threads").optional(),
  repetitions: withDefault("repetitions"),
});

export type RunSettingsInput = z.input<typeof RunSettingsInput>;
/** Settings as stored with the run: every default filled in, groups and threads resolved. */
export type RunSettings = Omit<z.output<typeof RunSettingsInput>, "groups" | "threads"> & { groups: string[]; threads: number };

/** The prompt every model receives: the same text, built once per question. */
export function buildPrompt(template: string, question: string, context: string[]): string {
  return template.replace("{context}", context.join("\n\n")).replace("{question}", question);
}

/** Model order for a repetition: rotated, so no model always runs first (cold caches) or last. */
export function modelOrder(models: string[], repetition: number): string[] {
  const shift = repetition % models.length;
  return [...models.slice(shift), ...models.slice(0, shift)];
}

/** The form's starting values: every default, with the server's thread count. */
export function defaultNumbers(threads: number): Record<NumberSettingKey, number> {
  return Object.fromEntries(NUMBER_SETTINGS.map((f) => [f.key, f.default ?? threads])) as Record<NumberSettingKey, number>;
}
