import "server-only";

// The model's own chat template, as llama-server applies it: /props says whether the GGUF carries one
// (chat_template), and /apply-template renders a conversation with it, so the stored prompt is exactly the text
// the completion request then sends. Both answer from the managed server on loopback, which Lineup started itself.

const TIMEOUT_MS = 10_000;

export async function hasChatTemplate(baseUrl: string, signal?: AbortSignal): Promise<boolean> {
  const res = await fetch(`${baseUrl}/props`, { signal: anySignal(signal) });
  if (!res.ok) return false;
  const props = (await res.json()) as { chat_template?: unknown };
  return typeof props.chat_template === "string" && props.chat_template.trim() !== "";
}

/** The prompt as the user's turn of the model's chat template, ready for the model's answer. */
export async function applyChatTemplate(baseUrl: string, userText: string, signal?: AbortSignal): Promise<string> {
  const res = await fetch(`${baseUrl}/apply-template`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: userText }] }),
    signal: anySignal(signal),
  });
  if (!res.ok) throw new Error(`llama-server could not apply the model's chat template (${res.status}).`);
  const { prompt } = (await res.json()) as { prompt?: unknown };
  if (typeof prompt !== "string") throw new Error("llama-server's /apply-template answered without a prompt.");
  return prompt;
}

const anySignal = (signal?: AbortSignal) =>
  signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS);
