// bench/idle: the memory a started Lineup holds while doing nothing. Starts the real server as `npm start`
// does (its start command from package.json, without npm's own process), with a fresh data directory so the
// sample reviews are imported, waits until the import is done and the server has settled (the embedding
// process has its idle time to leave), then sums the resident memory (VmRSS) of the whole process tree from
// /proc. Also measured after each page has been opened once. Needs a production build. Self-contained (no
// project imports), so it can measure another checkout: run it with that checkout as the working directory.
// Goal: the idle tree under 350 MB. The last line of output is one JSON object.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stopServerGroup, until } from "./lib/server-group";

const PORT = Number(process.env.BENCH_PORT ?? 3212);
/** How long to wait after the sample import is ready: the embedding process's idle time and then some. */
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 40);
const GOAL_MB = 350;
const base = `http://127.0.0.1:${PORT}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-idle-"));

type Proc = { pid: number; ppid: number; rssKB: number; command: string };

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const field = (name: string) => new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1];
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      out.push({ pid: Number(entry), ppid: Number(field("PPid")), rssKB: Number(field("VmRSS") ?? 0), command });
    } catch {
      // gone while we looked
    }
  }
  return out;
}

function tree(root: number): Proc[] {
  const all = processes();
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (inTree.has(p.pid) || !inTree.has(p.ppid)) continue;
      inTree.add(p.pid);
      grew = true;
    }
  }
  return all.filter((p) => inTree.has(p.pid));
}

const short = (command: string) =>
  command
    .replace(process.cwd() + "/", "")
    .replace(/node_modules\/[^ ]*\/(bin|dist)\//g, "")
    .slice(0, 90);
const mb = (kb: number) => Math.round(kb / 1024);

function measure(root: number, label: string) {
  const procs = tree(root);
  const total = procs.reduce((n, p) => n + p.rssKB, 0);
  console.log(`${label}: ${mb(total)} MB in ${procs.length} process(es)`);
  for (const p of procs) console.log(`  ${String(mb(p.rssKB)).padStart(5)} MB  pid ${p.pid}  ${short(p.command)}`);
  return { totalMB: mb(total), processes: procs.map((p) => ({ rssMB: mb(p.rssKB), command: short(p.command) })) };
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID"))
    throw new Error("bench/idle needs a production build: run `npm run build` first.");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  // `exec` after any leading VAR=value settings, so the shell becomes the server rather than its parent.
  const command = pkg.scripts.start.replace(/^((?:[A-Z_]+=\S+\s+)*)/, "$1exec ");
  const server = spawn("sh", ["-c", command], {
    env: {
      ...process.env,
      PATH: `${path.resolve("node_modules/.bin")}:${process.env.PATH}`,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: path.join(work, "data"),
      MODELS_DIR: path.join(work, "models"),
      LINEUP_LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: "ignore",
    detached: true,
  });
  try {
    await until(
      "the sample dataset",
      async () => {
        const res = await fetch(`${base}/api/datasets`);
        const { datasets } = (await res.json()) as { datasets: { status: string }[] };
        return datasets.some((d) => d.status === "ready") ? true : undefined;
      },
      300_000,
    );
    console.log(`sample imported; settling for ${SETTLE_S} s`);
    await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
    const idle = measure(server.pid!, "idle after start");
    for (const page of ["/", "/runs", "/datasets", "/models"]) await (await fetch(base + page)).text();
    await new Promise((r) => setTimeout(r, 3000));
    const afterPages = measure(server.pid!, "idle after opening each page once");
    console.log(
      JSON.stringify({
        bench: "idle",
        idleMB: idle.totalMB,
        goalMB: GOAL_MB,
        met: idle.totalMB < GOAL_MB,
        processes: idle.processes.length,
        afterPagesMB: afterPages.totalMB,
        breakdown: idle.processes,
      }),
    );
  } finally {
    await stopServerGroup(server.pid, work, 2000);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
