// `npm run import -- <file.csv> [--name N] [--text col,col] [--group col] [--labels col,col] [--embedder id]`, or `--help`
// Imports a CSV through the running server (the embedded database belongs to one process), with a progress bar.
// The server is found through DATA_DIR/server.json (written by the server at start), else at HOST and PORT.
// If the server goes away mid-import, it says so and how to go on: rows stored so far are kept, and the
// import resumes when the server starts again (or when this same command is run again).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "../lib/env";
import { scriptHeaders } from "../lib/api-headers";
import { readServerState, SERVER_STATE_FILE, serverUrl } from "../lib/server/server-state";
import { readSse } from "../lib/sse-client";

const USAGE = `Usage: npm run import -- <file.csv> [--name N] [--text col,col] [--group col] [--labels col,col] [--embedder id]

Imports a CSV into Lineup through the running server (found through DATA_DIR/server.json, else HOST:PORT), with a
progress bar. Without --text, the server detects which columns hold the text, the group and the labels.

Options:
  --name <name>        the dataset's name (default: the file's name)
  --text <col,col>     the columns whose text is embedded and searched
  --group <col>        with --text: the column that groups rows (a product id, say)
  --labels <col,col>   with --text: columns kept beside the text (a name, a rating)
  --embedder <id>      the embedding model (default: the demo embedder, else the first installed)
  -h, --help           this text`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    text: { type: "string" },
    group: { type: "string" },
    labels: { type: "string" },
    embedder: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const file = positionals[0];
if (!file) {
  console.error(USAGE);
  process.exit(1);
}
if (!fs.existsSync(file)) {
  console.error(`[import] There is no file ${file}.`);
  process.exit(1);
}
const { host, port, token, dataDir } = env();
const running = readServerState(dataDir);
const base = running?.url ?? serverUrl(host, port);
if (running)
  console.log(
    `[import] using the Lineup server at ${base} (pid ${running.pid}, from ${path.join(dataDir, SERVER_STATE_FILE)})`,
  );
const command = `npm run import -- ${process.argv
  .slice(2)
  .map((a) => (/^[\w./:=,-]+$/.test(a) ? a : JSON.stringify(a)))
  .join(" ")}`;
const list = (v?: string) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

async function call<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(base + url, init);
  } catch {
    console.error(
      `[import] No Lineup server answers at ${base}. Start it first (npm start): imports go through it, so the database has one owner.`,
    );
    process.exit(2);
  }
  const body = await res.json();
  if (!res.ok) {
    console.error(`[import] ${body?.error?.message ?? `The server answered ${res.status}.`}`);
    process.exit(1);
  }
  return body as T;
}

type Progress = {
  status: string;
  rowsDone: number;
  rowsSkipped: number;
  rowsTotal: number;
  rowsPerSecond: number | null;
  error: string | null;
  phase?: string;
};

/** The file's SHA-256, to check that the server stored every byte of it. */
async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function main() {
  const stream = fs.createReadStream(file) as unknown as ReadableStream;
  // Content-Length lets the server refuse a body that arrives short or long, instead of storing part of it.
  const size = fs.statSync(file).size;
  const upload = await call<{
    upload: { id: string; bytes: number; sha256: string };
    mapping: unknown;
    preview: { headers: string[] };
  }>(`/api/uploads?name=${encodeURIComponent(path.basename(file))}`, {
    method: "POST",
    body: stream,
    headers: scriptHeaders(base, token, { "content-type": "text/csv", "content-length": String(size) }),
    duplex: "half",
  } as RequestInit);
  const sha256 = await sha256Of(file);
  if (upload.upload.sha256 !== sha256 || upload.upload.bytes !== size) {
    console.error(
      `[import] The server stored ${upload.upload.bytes} bytes (SHA-256 ${upload.upload.sha256}), not this file's ${size} bytes (${sha256}). Nothing was imported; try again.`,
    );
    process.exit(1);
  }
  console.log(`[import] uploaded ${size} bytes, SHA-256 ${sha256}`);
  const text = list(values.text);
  const mapping = text ? { text, group: values.group ?? null, labels: list(values.labels) ?? [] } : undefined;
  const { dataset, existing } = await call<{ dataset: { id: string; name: string }; existing: boolean }>(
    "/api/datasets",
    {
      method: "POST",
      headers: scriptHeaders(base, token, { "content-type": "application/json" }),
      body: JSON.stringify({ uploadId: upload.upload.id, name: values.name, mapping, embedder: values.embedder }),
    },
  );
  console.log(`[import] ${existing ? "already imported as" : "importing"} "${dataset.name}" (${dataset.id})`);
  let last: Progress | null = null;
  try {
    const res = await fetch(`${base}/api/datasets/${dataset.id}/events`, { headers: scriptHeaders(base, token) });
    for await (const { data: p } of readSse<Progress>(res.body!)) {
      last = p;
      report(p);
    }
  } catch {
    // The connection broke: the server stopped or crashed (fetch says only "terminated").
  }
  serverGone(dataset.id, last);
}

/** What happened, how to restart, and how to resume: the rows stored so far stay stored. */
function serverGone(datasetId: string, last: Progress | null): never {
  process.stdout.write("\n");
  const where = last ? ` after ${last.rowsDone + last.rowsSkipped} of ${last.rowsTotal || "?"} rows` : "";
  console.error(`[import] The Lineup server at ${base} stopped answering during the import of ${datasetId}${where}.`);
  console.error("[import] Nothing stored is lost: the rows imported so far are in the database.");
  console.error(
    "[import] Restart the server with `npm start` (its log says why it stopped); it resumes unfinished imports by itself.",
  );
  console.error(`[import] To follow or resume it from here, run the same command again: ${command}`);
  console.error(
    `[import] (or: curl -X POST -H "Origin: ${new URL(base).origin}" ${base}/api/datasets/${datasetId}/resume)`,
  );
  process.exit(3);
}

/** Draws the progress bar; ends the process when the import has ended (ready, failed or cancelled). */
function report(p: Progress) {
  const processed = p.rowsDone + p.rowsSkipped;
  const width = 30;
  const filled = p.rowsTotal ? Math.round((processed / p.rowsTotal) * width) : 0;
  process.stdout.write(
    `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${processed}/${p.rowsTotal || "?"} rows${p.rowsPerSecond ? `, ${p.rowsPerSecond.toFixed(0)} rows/s` : ""}${p.phase === "indexing" ? ", building the search index" : ""}   `,
  );
  if (!["ready", "failed", "cancelled"].includes(p.status)) return;
  process.stdout.write("\n");
  if (p.status !== "ready") {
    console.error(`[import] ${p.status}: ${p.error ?? ""}`);
    process.exit(1);
  }
  console.log(
    `[import] ready: ${p.rowsDone} documents${p.rowsSkipped ? `, ${p.rowsSkipped} rows without text skipped` : ""}. Open ${base}/datasets`,
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(`[import] ${(err as Error).message}`);
  process.exit(1);
});
