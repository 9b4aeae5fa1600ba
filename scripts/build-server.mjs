// Part of `npm run build`: compiles the start script and the child processes' entry points to plain
// JavaScript in dist/, so a production server runs them with node alone: no tsx wrapper processes, nothing
// compiled at start. Our TypeScript is bundled; packages stay in node_modules. `server-only` becomes the
// empty module it is on the server.
import { build } from "esbuild";
import path from "node:path";

const root = process.cwd();
const entries = {
  start: "scripts/start.ts",
  "model-worker": "lib/models/worker/child.ts",
  "embed-process": "lib/embeddings/embed-process.ts",
  "inspect-process": "lib/models/gguf/inspect-process.ts",
  "sweep-worker": "lib/sweeps/worker/child.ts",
};

const started = performance.now();
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
  outdir: path.join(root, "dist"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  packages: "external",
  alias: { "server-only": path.join(root, "lib/testing/server-only-stub.ts") },
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(
  `[build] dist/: ${Object.keys(entries).join(", ")} compiled in ${Math.round(performance.now() - started)} ms`,
);
