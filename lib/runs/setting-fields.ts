// Every run setting's default, label and limits: the one source the form, the validation (settings.ts), the
// run page, compare and exports read. Browser-safe and dependency-free, so pages that only show settings do
// not bundle the validation library.

export const DEFAULT_QUESTIONS = [
  "What do people like about the product?",
  "What do people dislike about the product?",
];
export const DEFAULT_PROMPT =
  "Use the following pieces of context to answer the question at the end.\n\n{context}\n\nQuestion: {question}\nAnswer:";
export const DEFAULT_GROUP_COUNT = 10;

export type NumberSetting = {
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

/** The form's starting values: every default, with the server's thread count. */
export function defaultNumbers(threads: number): Record<NumberSettingKey, number> {
  return Object.fromEntries(NUMBER_SETTINGS.map((f) => [f.key, f.default ?? threads])) as Record<
    NumberSettingKey,
    number
  >;
}
