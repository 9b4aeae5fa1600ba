import http from "node:http";

// A small OpenAI-compatible server for the remote error paths: each model id picks a behaviour. It is a
// stand-in for a broken remote server (not for Lineup's own code), so the failures can be produced on demand.
//   ok        a valid stream of words with a usage chunk
//   http500   HTTP 500 with a JSON error body
//   malformed a stream whose second chunk is not JSON
//   truncated a stream that ends without finish_reason or [DONE]
//   slow      one word every 200 ms, up to max_tokens or 200 words (cancel, stall and concurrency tests); slow2 the same

export type FakeServer = {
  url: string;
  close: () => Promise<void>;
  requests: { path: string; body: unknown; auth: string | undefined; start: number; end?: number }[];
};

const chunk = (text: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, text, finish_reason: finish }] })}\n\n`;

export async function startFakeOpenAi(port: number, apiKey?: string, host = "127.0.0.1"): Promise<FakeServer> {
  const requests: FakeServer["requests"] = [];
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    const body = raw ? (JSON.parse(raw) as { model?: string; max_tokens?: number }) : {};
    const entry: FakeServer["requests"][number] = {
      path: req.url ?? "",
      body,
      auth: req.headers.authorization,
      start: Date.now(),
    };
    requests.push(entry);
    res.once("close", () => {
      entry.end = Date.now();
    });
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) return void res.writeHead(401).end();
    if (req.url === "/v1/models")
      return void res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          object: "list",
          data: ["ok", "http500", "malformed", "truncated", "slow", "slow2"].map((id) => ({ id })),
        }),
      );
    if (req.url !== "/v1/completions") return void res.writeHead(404).end();
    if (body.model === "http500")
      return void res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "model crashed" } }));
    res.writeHead(200, { "content-type": "text/event-stream" });
    if (body.model === "ok") {
      const words = ["The", " reviews", " say", " it", " works."].slice(0, body.max_tokens ?? 5);
      for (const w of words) res.write(chunk(w));
      res.write(chunk("", "length"));
      res.write(
        `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 42, completion_tokens: words.length } })}\n\n`,
      );
      return void res.end("data: [DONE]\n\n");
    }
    if (body.model === "malformed") return void res.end(chunk("Hello") + "data: {not json\n\n");
    if (body.model === "truncated") return void res.end(chunk("Hello") + chunk(" there"));
    if (body.model === "slow" || body.model === "slow2") {
      for (let i = 0; i < Math.min(200, body.max_tokens ?? 200) && !res.destroyed; i++) {
        res.write(chunk(" word"));
        await new Promise((r) => setTimeout(r, 200));
      }
      return void res.end("data: [DONE]\n\n");
    }
    res.end();
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, () => resolve()));
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
