import { z } from "zod";
import { fillTemplate, unknownPlaceholders } from "./prompt";

// What a run is: the original experiment's choices are the defaults (REFERENCE.md).

export const DEFAULT_QUESTIONS = ["What do people like about the product?", "What do people dislike about the product?"];
export const DEFAULT_PROMPT =
  "Use the following pieces of context to answer the question at the end.\n\n{context}\n\nQuestion: {question}\nAnswer:";
export const DEFAULT_GROUP_COUNT = 10;

export const RunSettingsInput = z.object({
  datasetId: z.string().min(1, "choose a dataset"),
  groups: z.array(z.string().min(1)).max(200, "at most 200 groups").optional(),
  questions: z.array(z.string().trim().min(1, "a question cannot be empty").max(500)).min(1, "ask at least one question").max(20, "at most 20 questions").default(DEFAULT_QUESTIONS),
  k: z.number().int().min(1, "k must be at least 1").max(20, "k must be at most 20").default(2),
  promptTemplate: z.string().default(DEFAULT_PROMPT)
    .refine((t) => t.includes("{context}") && t.includes("{question}"), "the prompt template must contain {context} and {question}")
    .superRefine((t, ctx) => void (unknownPlaceholders(t).length && ctx.addIssue({ code: "custom", message: `the prompt template may only use {context} and {question}; remove ${unknownPlaceholders(t).join(", ")}` }))),
  models: z.array(z.string().min(1)).min(2, "choose at least two models").max(5, "choose at most five models")
    .refine((m) => new Set(m).size === m.length, "each model can be chosen once"),
  contextSize: z.number().int().min(256, "context size must be at least 256").max(32768, "context size must be at most 32768").default(1024),
  temperature: z.number().min(0, "temperature must be 0 or more").max(2, "temperature must be at most 2").default(0.7),
  maxTokens: z.number().int().min(1, "max tokens must be at least 1").max(4096, "max tokens must be at most 4096").default(256),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  threads: z.number().int().min(1, "threads must be at least 1").max(256).optional(),
  repetitions: z.number().int().min(1, "at least one repetition").max(10, "at most 10 repetitions").default(1),
});

export type RunSettingsInput = z.input<typeof RunSettingsInput>;
/** Settings as stored with the run: every default filled in, groups and threads resolved. */
export type RunSettings = Omit<z.output<typeof RunSettingsInput>, "groups" | "threads"> & { groups: string[]; threads: number };

/** The prompt every model receives: the same text, built once per question. */
export function buildPrompt(template: string, question: string, context: string[]): string {
  return fillTemplate(template, { context: context.join("\n\n"), question });
}

/** Model order for a repetition: rotated, so no model always runs first (cold caches) or last. */
export function modelOrder(models: string[], repetition: number): string[] {
  const shift = repetition % models.length;
  return [...models.slice(shift), ...models.slice(0, shift)];
}
