// `npm run models:pull -- <name ...>` (or `--help`): fetches real GGUF models and transformers.js embedding models
// into MODELS_DIR. Fails fast, with a clear message, where the hub cannot be reached. A GGUF is pulled by the
// same resumable, verified downloader as the Models page (lib/models/pull/download.ts): Ctrl-C keeps the part,
// and running the same command again resumes it.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "../lib/env";
import { isAppError } from "../lib/errors";
import { formatBytes } from "../lib/format";
import { downloadVerified, type DownloadProgress } from "../lib/models/pull/download";
import { resolveHubFile } from "../lib/models/pull/hub-file";
import { probeHubFile } from "../lib/models/pull/probe";
import { EMBEDDER_FILES, EMBEDDER_PRESETS, GGUF_PRESETS, resolveTargets, SETS } from "../lib/models/pull/catalog";

/** Asked for (--help), the usage is the answer and exits 0; printed for a call without names, it exits 1. */
function usage(code: 0 | 1): never {
  const lines = [
    "Usage: npm run models:pull -- <name> [<name> ...]",
    "",
    "Downloads into MODELS_DIR from LINEUP_HUB_URL (needs internet access).",
    "A GGUF is checked against the SHA-256 the hub advertises before it is kept; Ctrl-C (or a dropped",
    "connection) keeps the part downloaded, and the same command resumes it.",
    "",
  ];
  lines.push("Sets:");
  for (const [name, items] of Object.entries(SETS)) lines.push(`  ${name.padEnd(14)} ${items.join(", ")}`);
  lines.push("GGUF models (or any hf:user/repo/file.gguf URI):");
  for (const [name, p] of Object.entries(GGUF_PRESETS)) lines.push(`  ${name.padEnd(14)} ${p.note}`);
  lines.push("Embedding models:");
  for (const [id, note] of Object.entries(EMBEDDER_PRESETS)) lines.push(`  ${id}  ${note}`);
  lines.push("", "Options:", "  -h, --help     this text");
  (code === 0 ? console.log : console.error)(lines.join("\n"));
  process.exit(code);
}

async function checkHub(hubUrl: string, modelsDir: string) {
  try {
    await fetch(hubUrl, { method: "HEAD", signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
    console.error(
      `[pull] Cannot reach ${hubUrl} (${reason}). Pulling models needs internet access.\n` +
        `[pull] On a machine without it, copy .gguf files into ${modelsDir} yourself; the demo models need nothing.`,
    );
    process.exit(2);
  }
}

function timeLeft(seconds: number | null): string {
  if (seconds === null) return "?";
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function pullLine(p: DownloadProgress): string {
  if (p.phase === "verifying") return `${bar(p.bytesDone, p.bytesTotal)} checking the SHA-256...`;
  const rate = p.bytesPerSecond === null ? "?" : `${formatBytes(p.bytesPerSecond)}/s`;
  return `${bar(p.bytesDone, p.bytesTotal)} ${rate}, ${timeLeft(p.secondsLeft)} left`;
}

/** One GGUF: resumable and verified; Ctrl-C stops it and keeps the part for the next run. */
async function pullGguf(uri: string, label: string, modelsDir: string, hubUrl: string) {
  const file = resolveHubFile(uri, hubUrl);
  const dest = path.join(modelsDir, file.fileName);
  if (fs.existsSync(dest)) {
    console.log(`[pull] ${label}: already here (${dest})`);
    return;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  try {
    const remote = await probeHubFile(file, hubUrl, controller.signal);
    console.log(`[pull] ${label}: ${file.fileName}, ${formatBytes(remote.sizeBytes)}, SHA-256 ${remote.sha256}`);
    const end = await downloadVerified(file, remote, dest, {
      signal: controller.signal,
      onProgress: (p) => process.stdout.write(`\r  ${pullLine(p)}\x1b[K`),
    });
    process.stdout.write("\n");
    const resumed = end.resumedFrom > 0 ? `, resumed from ${formatBytes(end.resumedFrom)}` : "";
    console.log(`[pull] ready, SHA-256 verified: ${dest} (${formatBytes(end.bytesFetched)} fetched${resumed})`);
  } catch (err) {
    process.stdout.write("\n");
    if (controller.signal.aborted) {
      console.error(`[pull] stopped. The part downloaded is kept beside ${dest}: run the same command to resume.`);
      process.exit(130);
    }
    throw err;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : 0;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${mb(done)} / ${total ? mb(total) : "?"} MB`;
}

async function download(url: string, target: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status} ${res.statusText}`);
  const total = Number(res.headers.get("content-length") ?? 0);
  const tmp = `${target}.download`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const out = fs.createWriteStream(tmp);
  let done = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    out.write(chunk);
    done += chunk.length;
    process.stdout.write(`\r  ${path.basename(target)} ${bar(done, total)}`);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  fs.renameSync(tmp, target);
  process.stdout.write("\n");
}

async function main() {
  const { values, positionals: names } = parseArgs({
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) usage(0);
  if (names.length === 0) usage(1);
  const { modelsDir, hubUrl } = env();
  let targets;
  try {
    targets = resolveTargets(names);
  } catch (err) {
    console.error(`[pull] ${(err as Error).message}`);
    process.exit(1);
  }
  await checkHub(hubUrl, modelsDir);
  fs.mkdirSync(modelsDir, { recursive: true });
  for (const target of targets) {
    if (target.kind === "gguf") {
      await pullGguf(target.uri, target.label, modelsDir, hubUrl);
    } else {
      console.log(`[pull] embedder ${target.id}`);
      for (const file of EMBEDDER_FILES) {
        const dest = path.join(modelsDir, target.id, file);
        if (fs.existsSync(dest)) continue;
        await download(`${hubUrl}/${target.id}/resolve/main/${file}`, dest);
      }
      console.log(`[pull] ready: ${path.join(modelsDir, target.id)}`);
    }
  }
}

main().catch((err) => {
  console.error(`[pull] failed: ${(err as Error).message}`);
  process.exit(isAppError(err) && err.code === "unavailable" ? 2 : 1);
});
