// The JavaScript a browser downloads to open a run page, read from the production build (.next): the
// chunks of the root layout and of app/runs/[id]/page (the figure the goal is about: what our code and its
// libraries add, uncompressed), and beside it everything including the framework's root chunks, raw and
// gzipped (Next's own "First Load JS" convention). Goal: the page's own chunks under 500 KB; exits non-zero
// above it, so `npm test` catches a server module leaking into the page. Run after `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const GOAL_BYTES = 500 * 1024;
const ROUTE = "runs/[id]";

export function firstLoadFiles(nextDir: string, route: string): { root: string[]; page: string[] } {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const manifestFile = path.join(nextDir, "server", "app", route, "page_client-reference-manifest.js");
  const source = fs.readFileSync(manifestFile, "utf8");
  const match = /"entryJSFiles":(\{.*?\})\s*[,}]/s.exec(source);
  if (!match)
    throw new Error(`No entryJSFiles in ${manifestFile}: the Next.js build layout changed; update bench/bundle.ts.`);
  const entries = JSON.parse(match[1]) as Record<string, string[]>;
  const mine = ["[project]/app/layout", `[project]/app/${route}/page`].flatMap((k) => entries[k] ?? []);
  const page = [...new Set(mine)].filter((f) => !build.rootMainFiles.includes(f));
  return { root: build.rootMainFiles, page };
}

function main() {
  const nextDir = path.join(process.cwd(), ".next");
  if (!fs.existsSync(path.join(nextDir, "BUILD_ID"))) {
    console.error("There is no production build: run `npm run build` first.");
    process.exit(1);
  }
  const { root, page } = firstLoadFiles(nextDir, ROUTE);
  const size = (f: string) => {
    const bytes = fs.readFileSync(path.join(nextDir, f));
    return { file: f, bytes: bytes.length, gzip: gzipSync(bytes).length };
  };
  const pageSizes = page.map(size);
  const rootSizes = root.map(size);
  const sum = (xs: { bytes: number; gzip: number }[], k: "bytes" | "gzip") => xs.reduce((n, x) => n + x[k], 0);
  for (const s of [...pageSizes, ...rootSizes])
    console.log(
      `${(s.bytes / 1024).toFixed(1).padStart(8)} KB  ${s.file}${page.includes(s.file) ? "" : " (framework)"}`,
    );
  const kb = (n: number) => Number((n / 1024).toFixed(1));
  const own = sum(pageSizes, "bytes");
  console.log(
    `run page's own JS: ${kb(own)} KB (goal < ${GOAL_BYTES / 1024} KB); with the framework ${kb(own + sum(rootSizes, "bytes"))} KB, ${kb(sum(pageSizes, "gzip") + sum(rootSizes, "gzip"))} KB gzipped`,
  );
  console.log(
    JSON.stringify({
      bench: "bundle",
      route: `/${ROUTE}`,
      pageKB: kb(own),
      goalKB: GOAL_BYTES / 1024,
      met: own < GOAL_BYTES,
      withFrameworkKB: kb(own + sum(rootSizes, "bytes")),
      withFrameworkGzipKB: kb(sum(pageSizes, "gzip") + sum(rootSizes, "gzip")),
    }),
  );
  if (own >= GOAL_BYTES) process.exit(1);
}

main();
