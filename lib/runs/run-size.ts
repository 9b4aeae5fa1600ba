import { PLACEHOLDERS } from "./prompt";

// Work in proportion to the request: every prompt of a run is stored with its question, sent with the run's
// page and exports, and read by each model. A 242 KB request (a 180 KB template, 200 groups, 20 questions)
// once grew the database from 94 MB to 2 GB, and its page no longer fit in a string. So the largest prompts a
// run could build are counted from its settings, before anything is stored, and a run over the limits is
// refused with the figures. Browser-safe (no imports beyond the template's placeholders).

/**
 * 16 Ki characters (about 4,000 tokens): room for instructions and a few worked examples, and still under
 * half of an 8k-token context once k documents are added. The default template is 111 characters.
 */
export const PROMPT_TEMPLATE_MAX_CHARS = 16 * 1024;
/**
 * 64 Mi characters of prompt text over the whole run. The largest run of ordinary settings (200 groups × 20
 * questions, k = 2, documents cut at 4,000 characters) stores about 33 M; the page and exports carry each prompt
 * once, and a JavaScript string ends at 512 Mi characters. Repetitions and models reuse the stored prompt: they
 * cost time (shown as the run's estimate), not storage.
 */
export const RUN_PROMPT_MAX_CHARS = 64 * 1024 * 1024;

export type RunSizeInput = {
  promptTemplate: string;
  questions: string[];
  k: number;
  groups: number;
  docCharCap: number;
};
export type RunSize = { templateChars: number; largestPromptChars: number; prompts: number; totalChars: number };

const count = (text: string, placeholder: string) => text.split(placeholder).length - 1;

/** The most prompt text a run can build: each document at the cap, each placeholder filled in full. */
export function runSize({ promptTemplate, questions, k, groups, docCharCap }: RunSizeInput): RunSize {
  const [context, question] = PLACEHOLDERS.map((p) => `{${p}}`);
  const contexts = count(promptTemplate, context);
  const asks = count(promptTemplate, question);
  const fixed = promptTemplate.length - contexts * context.length - asks * question.length;
  const contextChars = k * docCharCap + (k - 1) * 2; // documents joined by a blank line
  const perQuestion = questions.map((q) => fixed + contexts * contextChars + asks * q.length);
  return {
    templateChars: promptTemplate.length,
    largestPromptChars: Math.max(0, ...perQuestion),
    prompts: groups * questions.length,
    totalChars: groups * perQuestion.reduce((a, b) => a + b, 0),
  };
}

const n = (x: number) => x.toLocaleString("en");

/** What is too large about a run, with its figures and what to change; null when it is within the limits. */
export function runSizeProblem(input: RunSizeInput): string | null {
  const size = runSize(input);
  const problems: string[] = [];
  if (size.templateChars > PROMPT_TEMPLATE_MAX_CHARS) {
    problems.push(
      `the prompt template is ${n(size.templateChars)} characters; the limit is ${n(PROMPT_TEMPLATE_MAX_CHARS)}: shorten it`,
    );
  }
  if (size.totalChars > RUN_PROMPT_MAX_CHARS) {
    problems.push(
      `its prompts would add up to ${n(size.totalChars)} characters (${n(input.groups)} groups × ${n(input.questions.length)} questions, ` +
        `up to ${n(size.largestPromptChars)} characters each with k = ${input.k} documents of up to ${n(input.docCharCap)}); the limit is ` +
        `${n(RUN_PROMPT_MAX_CHARS)}: choose fewer groups or questions, a lower k, or a shorter template`,
    );
  }
  return problems.length ? `This run is too large: ${problems.join("; and ")}.` : null;
}
