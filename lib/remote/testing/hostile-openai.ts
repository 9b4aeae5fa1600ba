import http from "node:http";

// An OpenAI-compatible server that misbehaves the way issue 19 found real and hostile ones do. It stands in for
// an untrusted remote server (not for Lineup's code). The model id picks how /v1/completions answers:
//   noheaders   never answers at all: no status line, no headers, the connection held open
//   quiet       two words, then silence with the connection held open
//   keepalive   one word, then only ": keep-alive" comments every 200 ms, forever
//   emptyevents one word, then only empty events (`data:` with nothing, `{"choices":[]}`) every 200 ms, forever
//   flood       10^6 one-letter chunks, ignoring max_tokens (written with backpressure, so the server's own
//               buffers stay small and what grows is the client)
//   bigchunks   64 KB of text per chunk, ignoring max_tokens
//   emptyflood  endless chunks with empty text
//   nul         an answer holding \u0000 and a lone surrogate \ud800, then a normal end
//   numbers     a normal answer whose usage and timings are strings, huge, negative or arrays
//   echo500     HTTP 500 whose body echoes the request's Authorization header
//   echomid     one word, then a mid-stream error chunk echoing the Authorization header
//   echotext    an answer that quotes the request's key in chunks of three characters, then the key's first five
//   ok          a normal five-word answer
// `models` picks GET /v1/models: "ok", "trickle" (one byte every 100 ms, never done) or "many" (100,000 ids,
// every id twice, one with a NUL and one over-long). `props` "trickle" does the same to /props and /metrics,
// "bad" answers them with wrong types and out-of-range numbers.

export type HostileServer = {
  url: string;
  close: () => Promise<void>;
  written: Map<string, number>;
  open: () => number;
};
export type HostileOptions = { port: number; models?: "ok" | "trickle" | "many"; props?: "ok" | "trickle" | "bad" };

export const HOSTILE_MODELS = [
  "noheaders",
  "quiet",
  "keepalive",
  "emptyevents",
  "flood",
  "bigchunks",
  "emptyflood",
  "nul",
  "numbers",
  "echo500",
  "echomid",
  "echotext",
  "ok",
];

const chunk = (text: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, text, finish_reason: finish }] })}\n\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `piece` and waits for the socket to drain when its buffer is full; false once the client has gone. */
async function send(res: http.ServerResponse, piece: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (!res.write(piece))
    await new Promise<void>((r) => {
      res.once("drain", r);
      res.once("close", r);
    });
  return !res.destroyed;
}

async function trickle(res: http.ServerResponse, text: string) {
  res.writeHead(200, { "content-type": "application/json" });
  for (let i = 0; !res.destroyed; i = (i + 1) % text.length) {
    res.write(text[i]);
    await sleep(100);
  }
}

function manyIds(): string {
  const data: { id: string }[] = [];
  for (let i = 0; i < 50_000; i++) data.push({ id: `org/model-${i}` }, { id: `org/model-${i}` });
  data.push({ id: "bad\u0000id" }, { id: "x".repeat(10_000) });
  return JSON.stringify({ object: "list", data });
}

export async function startHostileOpenAi(opts: HostileOptions): Promise<HostileServer> {
  const written = new Map<string, number>();
  const count = (model: string, n = 1) => written.set(model, (written.get(model) ?? 0) + n);
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    const auth = req.headers.authorization ?? "";
    if (req.url === "/v1/models") {
      if (opts.models === "trickle") return trickle(res, JSON.stringify({ data: [{ id: "ok" }] }));
      const body =
        opts.models === "many"
          ? manyIds()
          : JSON.stringify({ object: "list", data: HOSTILE_MODELS.map((id) => ({ id })) });
      return void res.writeHead(200, { "content-type": "application/json" }).end(body);
    }
    if (req.url === "/props" || req.url === "/metrics") {
      if (opts.props === "trickle") return trickle(res, "{}");
      if (opts.props !== "bad") return void res.writeHead(404).end();
      if (req.url === "/metrics") return void res.writeHead(200).end("llamacpp:kv_cache_usage_ratio 7.5\n");
      return void res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          build_info: "b1\u0000",
          model_path: 42,
          total_slots: "4",
          default_generation_settings: { n_ctx: -1 },
        }),
      );
    }
    if (req.url !== "/v1/completions") return void res.writeHead(404).end();
    const model = (JSON.parse(raw) as { model?: string }).model ?? "";
    if (model === "noheaders") return;
    if (model === "echo500")
      return void res.writeHead(500, { "content-type": "application/json" }).end(
        JSON.stringify({
          error: { message: `invalid request; headers were {"authorization":"${auth}"} and Authorization: ${auth}` },
        }),
      );
    res.writeHead(200, { "content-type": "text/event-stream" });
    switch (model) {
      case "quiet":
        res.write(chunk("Hello") + chunk(" there"));
        return; // held open, silent, until the client goes
      case "keepalive":
      case "emptyevents":
        res.write(chunk("Hello"));
        while (!res.destroyed) {
          res.write(model === "keepalive" ? ": keep-alive\n\n" : 'data: \n\ndata: {"choices":[]}\n\n');
          await sleep(200);
        }
        return;
      case "flood":
        for (let i = 0; i < 1_000_000; i++) {
          if (!(await send(res, chunk("a")))) return;
          count(model);
        }
        return void res.end(chunk("", "stop") + "data: [DONE]\n\n");
      case "bigchunks":
        for (let i = 0; i < 1000; i++) if (!(await send(res, chunk("b".repeat(65_536))))) return;
        return void res.end("data: [DONE]\n\n");
      case "emptyflood":
        for (let i = 0; i < 1_000_000; i++) if (!(await send(res, chunk("")))) return;
        return void res.end("data: [DONE]\n\n");
      case "nul":
        // Raw JSON escapes, as a server would send them: JSON.stringify would not produce a lone surrogate escape from a literal.
        res.write('data: {"choices":[{"index":0,"text":"Null\\u0000byte","finish_reason":null}]}\n\n');
        res.write('data: {"choices":[{"index":0,"text":" and half \\ud800 a pair","finish_reason":null}]}\n\n');
        return void res.end(chunk("", "stop") + "data: [DONE]\n\n");
      case "numbers":
        res.write(chunk("Twelve") + chunk(" point") + chunk(" five") + chunk("", "stop"));
        res.write(
          `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: -5, completion_tokens: 1e300 }, timings: { predicted_per_second: "8642.13", prompt_per_second: 1e300, predicted_n: [1, 2], predicted_ms: -3, prompt_n: 7.5, prompt_ms: "9" } })}\n\n`,
        );
        return void res.end("data: [DONE]\n\n");
      case "echomid":
        res.write(chunk("Hello"));
        return void res.end(
          `data: ${JSON.stringify({ error: { message: `upstream refused: Authorization: ${auth}; key ${auth.replace(/^Bearer /, "")}` } })}\n\n`,
        );
      case "echotext": {
        const key = auth.replace(/^Bearer /, "");
        const keyPieces = key.match(/.{1,3}/g) ?? [];
        for (const piece of ["Your key is ", ...keyPieces, " and ", key.slice(0, 5), " is not it."])
          res.write(chunk(piece));
        res.write(chunk("", "stop"));
        return void res.end("data: [DONE]\n\n");
      }
      default:
        for (const w of ["The", " reviews", " say", " it", " works."]) res.write(chunk(w));
        res.write(chunk("", "stop"));
        return void res.end("data: [DONE]\n\n");
    }
  });
  await new Promise<void>((resolve, reject) =>
    server.once("error", reject).listen(opts.port, "127.0.0.1", () => resolve()),
  );
  let connections = 0;
  server.on("connection", (s) => {
    connections++;
    s.once("close", () => connections--);
  });
  return {
    url: `http://127.0.0.1:${opts.port}`,
    written,
    open: () => connections,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
