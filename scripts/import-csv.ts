// `npm run import -- <file.csv> [--name N] [--text col,col] [--group col] [--labels col,col] [--embedder id]`
// Imports a CSV through the running server (the embedded database belongs to one process), with a progress bar.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "../lib/env";
import { scriptHeaders } from "../lib/api-headers";
import { readSse } from "../lib/sse-client";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" }, text: { type: "string" }, group: { type: "string" }, labels: { type: "string" }, embedder: { type: "string" } },
});
const file = positionals[0];
if (!file) {
  console.error("Usage: npm run import -- <file.csv> [--name N] [--text col,col] [--group col] [--labels col,col] [--embedder id]");
  process.exit(1);
}
if (!fs.existsSync(file)) {
  console.error(`[import] There is no file ${file}.`);
  process.exit(1);
}
const { host, port, token } = env();
const base = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
const list = (v?: string) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined);

async function call<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(base + url, init);
  } catch {
    console.error(`[import] No Lineup server answers at ${base}. Start it first (npm start): imports go through it, so the database has one owner.`);
    process.exit(2);
  }
  const body = await res.json();
  if (!res.ok) {
    console.error(`[import] ${body?.error?.message ?? `The server answered ${res.status}.`}`);
    process.exit(1);
  }
  return body as T;
}

async function main() {
  const stream = fs.createReadStream(file) as unknown as ReadableStream;
  const upload = await call<{ upload: { id: string }; mapping: unknown; preview: { headers: string[] } }>(
    `/api/uploads?name=${encodeURIComponent(path.basename(file))}`,
    { method: "POST", body: stream, headers: scriptHeaders(base, token, { "content-type": "text/csv" }), duplex: "half" } as RequestInit,
  );
  const text = list(values.text);
  const mapping = text ? { text, group: values.group ?? null, labels: list(values.labels) ?? [] } : undefined;
  const { dataset, existing } = await call<{ dataset: { id: string; name: string }; existing: boolean }>("/api/datasets", {
    method: "POST",
    headers: scriptHeaders(base, token, { "content-type": "application/json" }),
    body: JSON.stringify({ uploadId: upload.upload.id, name: values.name, mapping, embedder: values.embedder }),
  });
  console.log(`[import] ${existing ? "already imported as" : "importing"} "${dataset.name}" (${dataset.id})`);
  const res = await fetch(`${base}/api/datasets/${dataset.id}/events`, { headers: scriptHeaders(base, token) });
  type Progress = { status: string; rowsDone: number; rowsSkipped: number; rowsTotal: number; rowsPerSecond: number | null; error: string | null };
  for await (const { data: p } of readSse<Progress>(res.body!)) {
    const processed = p.rowsDone + p.rowsSkipped;
    const width = 30;
    const filled = p.rowsTotal ? Math.round((processed / p.rowsTotal) * width) : 0;
    process.stdout.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${processed}/${p.rowsTotal || "?"} rows${p.rowsPerSecond ? `, ${p.rowsPerSecond.toFixed(0)} rows/s` : ""}   `);
    if (!["ready", "failed", "cancelled"].includes(p.status)) continue;
    process.stdout.write("\n");
    if (p.status !== "ready") {
      console.error(`[import] ${p.status}: ${p.error ?? ""}`);
      process.exit(1);
    }
    console.log(`[import] ready: ${p.rowsDone} documents${p.rowsSkipped ? `, ${p.rowsSkipped} rows without text skipped` : ""}. Open ${base}/datasets`);
    process.exit(0);
  }
}

main().catch((err) => {
  console.error(`[import] ${(err as Error).message}`);
  process.exit(1);
});
