// `npm run bench`: runs every benchmark in its own process, one after another (they must not share the
// cores), and prints one JSON object with each one's figures as the last line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// real-scale writes and loads gigabytes of stand-ins for tens of minutes: run on its own, on purpose.
const SEPARATE = new Set(["run-all.ts", "real-scale.ts"]);
const benches = fs
  .readdirSync(path.join(process.cwd(), "bench"))
  .filter((f) => f.endsWith(".ts") && !SEPARATE.has(f))
  .sort();
// bench/lib holds helpers, not benchmarks.
const results: Record<string, unknown> = {};
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("bench", file)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  process.stdout.write(run.stdout);
  const last = run.stdout.trim().split("\n").pop() ?? "";
  try {
    results[file.replace(/\.ts$/, "")] = JSON.parse(last);
  } catch {
    results[file.replace(/\.ts$/, "")] = { error: `exited with ${run.status}` };
  }
}
console.log(JSON.stringify(results));
