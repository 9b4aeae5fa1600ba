import http from "node:http";

// A stand-in for a remote judge behind an OpenAI-compatible API (not for Lineup's own code): each model id
// picks a behaviour, so the judge's paths can be produced on demand. It reads the fenced prompt Lineup sends.
//   scripted   a rule-based judge: the answer with more words from the reviews wins; grades and claims by the
//              same overlap, quoting the review. Deterministic, so votes can be scripted against it.
//   prose      the scripted verdict wrapped in prose and a ```json block (tolerant parsing)
//   malformed  JSON that does not parse
//   refuses    "I'm sorry, I can't help with that."
//   slow       waits `slowMs` before its first byte (stall)
//   no-schema  HTTP 400 when asked for a constrained reply, the scripted reply otherwise
//   echo-key   echoes the request's Authorization header back as its reply
//   paced      the scripted reply after 250 ms (to see how many asks are in flight at once: maxInFlight)

export type FakeJudge = {
  url: string;
  close: () => Promise<void>;
  requests: { path: string; body: Record<string, unknown> }[];
  /** The most generation requests that were open at the same time. */
  maxInFlight: () => number;
};

export const FAKE_JUDGE_MODELS = [
  "scripted",
  "prose",
  "malformed",
  "refuses",
  "slow",
  "no-schema",
  "echo-key",
  "paced",
];

const wordsOf = (s: string) => s.toLowerCase().match(/[a-z0-9']+/g) ?? [];

function fencedAll(prompt: string, tag: string): string[] {
  return [...prompt.matchAll(new RegExp(`<${tag}(?: [^>]*)?>\\n([\\s\\S]*?)\\n</${tag}>`, "g"))].map((m) => m[1]);
}

/** Share of the answer's words found in the reviews. */
function overlap(answer: string, reviews: string[]): number {
  const pool = new Set(reviews.flatMap(wordsOf));
  const words = wordsOf(answer);
  return words.length ? words.filter((w) => pool.has(w)).length / words.length : 0;
}

export function scriptedReply(prompt: string): string {
  const reviews = fencedAll(prompt, "review");
  const answers = fencedAll(prompt, "answer");
  if (prompt.includes("Which answer is more faithful")) {
    const [x, y] = answers.map((a) => Math.round(overlap(a, reviews) * 20));
    return JSON.stringify({ better: x > y ? "1" : y > x ? "2" : "tie" });
  }
  const answer = answers[0] ?? "";
  if (prompt.includes("Grade the answer")) {
    const g = 1 + Math.round(overlap(answer, reviews) * 4);
    const reason = `About ${Math.round(overlap(answer, reviews) * 100)} % of its words are in the reviews.`;
    return JSON.stringify({
      faithfulness: g,
      faithfulness_reason: reason,
      relevance: Math.min(5, g + 1),
      relevance_reason: "It addresses the question.",
      completeness: Math.max(1, g - 1),
      completeness_reason: "It covers part of what the reviews say.",
    });
  }
  const claims = answer
    .split(/(?<=[.!?])\s+/)
    .filter((s) => wordsOf(s).length > 0)
    .slice(0, 6)
    .map((claim) => {
      const i = reviews.findIndex((r) => overlap(claim, [r]) >= 0.6);
      return i === -1
        ? { claim, supported: false, review: 0, quote: "" }
        : { claim, supported: true, review: i + 1, quote: reviews[i].split(/\s+/).slice(0, 6).join(" ") };
    });
  return JSON.stringify({ claims });
}

export async function startFakeJudge(
  port: number,
  opts: { apiKey?: string; slowMs?: number; host?: string } = {},
): Promise<FakeJudge> {
  const requests: FakeJudge["requests"] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    requests.push({ path: req.url ?? "", body });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return void res.writeHead(401).end();
    if (req.url === "/v1/models")
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ object: "list", data: FAKE_JUDGE_MODELS.map((id) => ({ id })) }));
    const chat = req.url === "/v1/chat/completions";
    if (!chat && req.url !== "/v1/completions") return void res.writeHead(404).end();
    const prompt = chat
      ? String((body.messages as { content?: string }[] | undefined)?.at(-1)?.content ?? "")
      : String(body.prompt ?? "");
    const model = String(body.model);
    const constrained = "response_format" in body || "json_schema" in body || "guided_json" in body;
    if (model === "no-schema" && constrained)
      return void res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "Unrecognized request argument supplied: response_format" } }));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once("close", () => inFlight--);
    if (model === "slow") await new Promise((r) => setTimeout(r, opts.slowMs ?? 3000));
    if (model === "paced") await new Promise((r) => setTimeout(r, 250));
    if (res.destroyed) return;
    const text =
      model === "prose"
        ? `Sure! Here is my judgement:\n\`\`\`json\n${scriptedReply(prompt)}\n\`\`\`\nI hope this helps.`
        : model === "malformed"
          ? '{"better": 1, "faithfulness": '
          : model === "refuses"
            ? "I'm sorry, I can't help with that."
            : model === "echo-key"
              ? `Your key is ${req.headers.authorization ?? "none"}`
              : scriptedReply(prompt);
    const piece = (t: string, finish: string | null = null) =>
      `data: ${JSON.stringify({ choices: [chat ? { index: 0, delta: { content: t }, finish_reason: finish } : { index: 0, text: t, finish_reason: finish }] })}\n\n`;
    res.writeHead(200, { "content-type": "text/event-stream" });
    const half = Math.ceil(text.length / 2);
    res.write(piece(text.slice(0, half)));
    res.write(piece(text.slice(half)));
    res.write(piece("", "stop"));
    res.write(
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(text.length / 4) } })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    url: `http://${host}:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
