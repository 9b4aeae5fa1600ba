// `npm run lineup -- run <config.json> [--assert genRate>=X]... [--out run.json] [--url URL | --start [--port N]]`, `--help`
// A headless comparison for CI: starts a run through a Lineup server (a running one, or a fresh one on a
// temporary data directory with --start), waits for it, prints one row per model, writes the run's JSON, and
// exits 1 when an assertion fails (2 when the run itself could not be done).
import fs from "node:fs";
import { parseArgs } from "node:util";
import { apiClient, ApiCallError, type Client } from "./cli/api-client";
import { ASSERTABLE, checkAssertions, parseAssertion, type ModelRow } from "./cli/assertions";
import { readConfig, runSettings } from "./cli/run-config";
import { startServer, targetUrl, type Started } from "./cli/server";
import { isFinalRunStatus } from "../lib/runs/status";
import type { RunDetail } from "../lib/runs/types";
import { runVerdict } from "../lib/runs/verdict";
import { verdictLines } from "../lib/runs/verdict-text";
import { readSse } from "../lib/sse-client";

// The run as GET /api/runs/:id answers it.
type Detail = RunDetail;

const USAGE = `Usage: npm run lineup -- run <config.json> [--assert genRate>=20]... [--out run.json] [--url URL | --start [--port N]] [--timeout S]

Runs a comparison through a Lineup server, waits for it to end, prints one row per model, and exits 0, or 1 when
an assertion fails, or 2 when the run could not be done.

Commands:
  run <config.json>    the run's settings as JSON: "models" (files, or {"endpoint": URL, "model": id}), "dataset"
                       (name or id; default the sample), and any other run setting (groups, maxTokens, seed, ...)
  help                 this text

Options:
  --assert <figure><op><number>  checked for every model (>=, <=, >, <); repeat for more. Figures:
${Object.entries(ASSERTABLE)
  .map(([name, what]) => `                                   ${name.padEnd(15)} ${what}`)
  .join("\n")}
  --out <file>                   write the run's JSON (as GET /api/runs/:id answers) to this file
  --url <url>                    the server to use (default: the running one, from DATA_DIR/server.json, else HOST:PORT)
  --start                        start a fresh server on a temporary data directory instead, and stop it after
  --port <n>                     the port for --start (default: a free one)
  --timeout <seconds>            give up when the run has not ended by then (default 1800)
  -h, --help                     this text`;

function rows(detail: Detail): ModelRow[] {
  return detail.summaries.map((s) => {
    const scores = detail.generations
      .filter((g) => g.model === s.model && g.status === "ok")
      .map((g) => g.quality?.groundedness)
      .filter((x): x is number => typeof x === "number");
    return {
      model: s.model,
      genRate: s.figures.generationTokensPerSecond?.p50,
      ttft: s.figures.ttftMs?.p50,
      e2e: s.figures.endToEndMs?.p50,
      wordsPerSecond: s.figures.wordsPerSecond?.p50,
      groundedness: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      failed: s.failed,
    };
  });
}

function printTable(list: ModelRow[]) {
  const fmt = (x: number | null | undefined, d = 1) => (x == null ? "–" : x.toFixed(d));
  const lines = [["model", "tok/s p50", "TTFT ms p50", "e2e ms p50", "words/s p50", "grounded", "failed"]];
  for (const r of list)
    lines.push([
      r.model,
      fmt(r.genRate),
      fmt(r.ttft),
      fmt(r.e2e, 0),
      fmt(r.wordsPerSecond),
      fmt(r.groundedness, 2),
      String(r.failed ?? 0),
    ]);
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  for (const l of lines)
    console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
}

/** POST /api/runs, waiting while the server answers 503 (new model files still being read, up to a minute). */
async function startRun(client: Client, settings: Record<string, unknown>): Promise<{ id: string }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await client.post<{ id: string }>("/api/runs", settings);
    } catch (err) {
      if (!(err instanceof ApiCallError) || err.status !== 503 || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      assert: { type: "string", multiple: true, default: [] },
      out: { type: "string" },
      url: { type: "string" },
      start: { type: "boolean", default: false },
      port: { type: "string" },
      timeout: { type: "string", default: "1800" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, file] = positionals;
  // Asked for, the usage is the answer (exit 0); given instead of a run, it says what was wrong (exit 2).
  if (values.help || command === "help") {
    console.log(USAGE);
    return 0;
  }
  if (command !== "run" || !file) {
    console.error(USAGE);
    return 2;
  }
  const assertions = values.assert.map(parseAssertion);
  const config = readConfig(fs.readFileSync(file, "utf8"), file);
  let started: Started | null = null;
  try {
    if (values.start) {
      console.error("[lineup] starting a server on a temporary data directory…");
      started = await startServer(values.port ? Number(values.port) : undefined);
    }
    const client = apiClient(started?.url ?? targetUrl(values.url));
    const settings = await runSettings(client, config, started ? 300_000 : 5_000);
    const { id } = await startRun(client, settings);
    console.error(`[lineup] run ${id} on ${client.url}/runs/${id}`);
    const detail = await waitForEnd(client, id, Number(values.timeout));
    if (values.out) fs.writeFileSync(values.out, JSON.stringify(detail, null, 2));
    const table = rows(detail);
    printTable(table);
    // The run page's verdict, in the same words: who is best per aspect and by how much, or can't tell and why.
    console.log("\nVerdict");
    for (const line of verdictLines(
      runVerdict(detail.run.settings.models, detail.generations, detail.questions.length),
    ))
      console.log(`  ${line}`);
    if (detail.run.status !== "completed") {
      console.error(`[lineup] the run ended ${detail.run.status}: ${detail.run.error ?? ""}`);
      return 2;
    }
    const failures = checkAssertions(table, assertions);
    for (const f of failures) console.error(`[lineup] assertion failed: ${f}`);
    if (!failures.length && assertions.length)
      console.error(`[lineup] ${assertions.length} assertion(s) hold for every model`);
    return failures.length ? 1 : 0;
  } finally {
    await started?.stop();
  }
}

/**
 * Follows the run's live events until it ends (rather than asking for the whole run every second on the machine
 * that is measuring), then reads the run once.
 */
async function waitForEnd(client: Client, id: string, timeoutS: number): Promise<Detail> {
  const signal = AbortSignal.timeout(timeoutS * 1000);
  try {
    for (;;) {
      const res = await fetch(`${client.url}/api/runs/${id}/events`, { headers: client.headers, signal });
      if (res.body) {
        for await (const { data } of readSse<{ type: string; status?: string }>(res.body)) {
          if (data.type === "status" && isFinalRunStatus(data.status ?? "")) break;
        }
      }
      const detail = await client.get<Detail>(`/api/runs/${id}`);
      if (isFinalRunStatus(detail.run.status)) return detail;
      await new Promise((r) => setTimeout(r, 1000)); // the stream closed early: follow it again
    }
  } catch (err) {
    if (signal.aborted) throw new Error(`the run did not end within ${timeoutS} s`);
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[lineup] ${(err as Error).message}`);
    process.exit(2);
  },
);
