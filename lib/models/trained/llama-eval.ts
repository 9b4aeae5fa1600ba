import { getLlama, LlamaCompletion, resolveChatWrapper, type LlamaContextSequence, type LlamaModel, type Token } from "node-llama-cpp";
import { chatPrompt } from "../worker/chat-prompt";
import { templateLabelStops } from "../../runs/label-stops";
import { DEFAULT_PROMPT } from "../../runs/setting-fields";

// Evaluating a GGUF model the way a run uses it: the prompt tokenised as the model worker does
// (lib/models/worker/child.ts), BOS first, one fresh cache per prompt. Used by bench/demo-quality.ts and
// the trained-model tests; in-process, so only for files known to be good (ours).

export type EvalModel = { model: LlamaModel; sequence: LlamaContextSequence; dispose: () => Promise<void> };

let llamaOnce: ReturnType<typeof getLlama> | undefined;

export async function loadForEval(file: string, threads = 1, contextSize = 1024): Promise<EvalModel> {
  const llama = await (llamaOnce ??= getLlama({ gpu: false, build: "never" }));
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize, threads });
  return { model, sequence: context.getSequence(), dispose: () => model.dispose() };
}

export type Answer = { text: string; tokens: number; generationTokensPerSecond: number | null };

/** Whether the model's GGUF carries a chat template (then a run's default "chat" format uses it). */
export function hasChatTemplate(m: EvalModel): boolean {
  const template = m.model.fileInfo.metadata?.tokenizer?.chat_template;
  return typeof template === "string" && template.trim() !== "";
}

export async function answer(
  m: EvalModel,
  prompt: string,
  opts: { maxTokens: number; temperature: number; seed: number },
  format: "raw" | "chat" = "raw",
): Promise<Answer> {
  await m.sequence.clearHistory();
  const completion = new LlamaCompletion({ contextSequence: m.sequence });
  // As the model worker does: the prompt as the user's turn of the model's own template, or as it is.
  const asked = format === "chat" ? chatPrompt(resolveChatWrapper(m.model), m.model, prompt) : null;
  const tokens = asked?.tokens ?? m.model.tokenize(prompt, false, "trimLeadingSpace");
  const times: number[] = [];
  const started = performance.now();
  const text = await completion.generateCompletion(tokens, {
    ...opts,
    // As a run with the default template stops (lib/runs/label-stops.ts).
    customStopTriggers: [...(asked?.stopTriggers ?? []), ...templateLabelStops(DEFAULT_PROMPT)],
    onToken: (generated) => generated.forEach(() => times.push(performance.now() - started)),
  });
  const end = performance.now() - started;
  completion.dispose();
  // Generation rate as REFERENCE.md defines it: decode only, (tokens - 1) / (end - first token).
  const rate = times.length > 1 ? ((times.length - 1) / (end - times[0])) * 1000 : null;
  return { text: text.trim(), tokens: times.length, generationTokensPerSecond: rate };
}

/** Mean negative log-likelihood per token of `answerText` after `prompt` (and of the whole text), from
 * llama.cpp's own probabilities at temperature 1: perplexity is exp of it. */
export async function negLogLikelihood(m: EvalModel, prompt: string, answerText: string): Promise<{ all: [number, number]; answer: [number, number] }> {
  await m.sequence.clearHistory();
  const bos = m.model.tokens.bos;
  const eos = m.model.tokens.eos;
  const promptTokens = m.model.tokenize(prompt, false, "trimLeadingSpace");
  const answerTokens = m.model.tokenize(` ${answerText}`, false, "trimLeadingSpace");
  const ids: Token[] = [...(bos === null ? [] : [bos]), ...promptTokens, ...answerTokens, ...(eos === null ? [] : [eos])];
  const answerFrom = ids.length - answerTokens.length - 1;
  const options = { temperature: 1, topK: 0, topP: 1, minP: 0 };
  const out = await m.sequence.controlledEvaluate(ids.slice(0, -1).map((t) => [t, { generateNext: { probabilities: true, options } }] as const));
  let all = 0;
  let ans = 0;
  for (let i = 0; i < ids.length - 1; i++) {
    const p = out[i]?.next.probabilities?.get(ids[i + 1]) ?? 0;
    const nll = -Math.log(Math.max(p, 1e-12));
    all += nll;
    if (i + 1 >= answerFrom) ans += nll;
  }
  return { all: [all, ids.length - 1], answer: [ans, ids.length - answerFrom] };
}
