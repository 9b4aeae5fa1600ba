import "server-only";
import type { ChatWrapper, LlamaModel, LlamaText, Token } from "node-llama-cpp";

// The prompt as the user's turn of the model's own chat template (the GGUF's tokenizer.chat_template, read by
// node-llama-cpp's chat wrappers: a known family's wrapper, or its Jinja template), ready for the model to
// answer. The whole retrieved context and question is one user message, with no system message: every model gets
// the same words, each in its own format.

export type ChatPrompt = {
  /** The tokens to evaluate, without a leading BOS (LlamaCompletion adds the model's own). */
  tokens: Token[];
  /** The exact text the model receives, special tokens written out. */
  text: string;
  /** The template's end-of-turn markers: the answer stops at them even where the GGUF does not mark them EOG. */
  stopTriggers: LlamaText[];
};

export function chatPrompt(chat: ChatWrapper, model: LlamaModel, userText: string): ChatPrompt {
  const state = chat.generateContextState({
    chatHistory: [
      { type: "user", text: userText },
      { type: "model", response: [] },
    ],
  });
  let tokens = state.contextText.tokenize(model.tokenizer, "trimLeadingSpace");
  const bos = model.tokens.bos;
  if (bos !== null && tokens[0] === bos) tokens = tokens.slice(1);
  return {
    tokens,
    text: model.detokenize(bos !== null && model.tokens.shouldPrependBosToken ? [bos, ...tokens] : tokens, true),
    stopTriggers: state.stopGenerationTriggers,
  };
}
