// `npm run demo`: prepares whatever is missing (demo models, sample data, production build), then starts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();

/** Newest modification time under the given paths (files or folders), skipping generated folders. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (entry !== "node_modules") visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(root, p)));
  return newest;
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensureBuild() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = [
    "app",
    "components",
    "lib",
    "scripts/start.ts",
    "instrumentation.ts",
    "next.config.ts",
    "package-lock.json",
  ];
  const compiled = path.join(root, "dist", "start.mjs");
  if (fs.existsSync(buildId) && fs.existsSync(compiled) && fs.statSync(buildId).mtimeMs > newestMtime(sources)) {
    console.log("[demo] production build is up to date");
    return;
  }
  console.log("[demo] building the app (about a minute)...");
  run("npm", ["run", "build"]);
}

const steps: Array<[string, () => void]> = [["build", ensureBuild]];
for (const [, step] of steps) step();
run("npm", ["start"]);
