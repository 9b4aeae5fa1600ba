// bench/index-build-server: issue 19's index-build case on a real `npm start` server with the embedded database.
// Imports BENCH_ROWS (default 52,000) synthetic reviews through the API while sampling /api/health every 250 ms and
// the home page (which reads the database) every second, and reports the worst latency of each while the rows are
// stored and while the search index is built (health says when: it lists the build as busy). Needs
// `npm run build`. The last line of output is one JSON object.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { percentile } from "./lib/stats";
import { api, startLineup } from "./lib/engines";

const ROWS = Number(process.env.BENCH_ROWS ?? 52_000);
const PORT = Number(process.env.BENCH_PORT ?? 3193);
const WORDS = "battery screen sound price camera charger strap case cable delivery box app wifi button light".split(
  " ",
);

function csv(rows: number): string {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const lines = ["asins,reviews.title,reviews.text"];
  for (let i = 0; i < rows; i++) {
    const text = Array.from({ length: 24 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(" ");
    lines.push(`P${i % 40},${WORDS[i % WORDS.length]} ${i},${text}`);
  }
  return lines.join("\n") + "\n";
}

type Phase = "storing" | "indexing";
const samples: Record<`${Phase}:${"health" | "page"}`, number[]> = {
  "storing:health": [],
  "storing:page": [],
  "indexing:health": [],
  "indexing:page": [],
};

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "lineup-bench-index-"));
  const lineup = await startLineup(PORT, work, path.join(work, "models"));
  let phase: Phase = "storing";
  let done = false;
  let indexingFrom = 0;
  const headers = { origin: lineup.base };
  const sample = async (what: "health" | "page", url: string, everyMs: number) => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(lineup.base + url, { headers }).catch(() => null);
      const body = what === "health" && res ? ((await res.json()) as { busy?: unknown[] }) : null;
      if (body?.busy?.length && phase === "storing") {
        phase = "indexing";
        indexingFrom = Date.now();
      }
      samples[`${phase}:${what}`].push(performance.now() - started);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  try {
    const started = Date.now();
    const up = await fetch(`${lineup.base}/api/uploads?name=bench.csv`, {
      method: "POST",
      headers: { ...headers, "content-type": "text/csv" },
      body: csv(ROWS),
    });
    const { upload } = (await up.json()) as { upload: { id: string } };
    const { dataset } = await api<{ dataset: { id: string } }>(lineup.base, "/api/datasets", {
      method: "POST",
      body: JSON.stringify({ uploadId: upload.id }),
    });
    const samplers = [sample("health", "/api/health", 250), sample("page", "/", 1000)];
    let status = "";
    while (!["ready", "failed", "cancelled"].includes(status)) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await api<{ dataset: { status: string } }>(lineup.base, `/api/datasets/${dataset.id}`)).dataset.status;
    }
    done = true;
    await Promise.all(samplers);
    const worst = (key: keyof typeof samples) => Math.round(Math.max(0, ...samples[key]));
    const p95 = (key: keyof typeof samples) => Math.round(percentile(samples[key], 95));
    const result = {
      bench: "index-build-server",
      rows: ROWS,
      status,
      totalS: Math.round((Date.now() - started) / 100) / 10,
      indexingS: indexingFrom ? Math.round((Date.now() - indexingFrom) / 100) / 10 : null,
      healthMs: {
        storing: { worst: worst("storing:health"), p95: p95("storing:health"), n: samples["storing:health"].length },
        indexing: {
          worst: worst("indexing:health"),
          p95: p95("indexing:health"),
          n: samples["indexing:health"].length,
        },
      },
      pageMs: {
        storing: { worst: worst("storing:page"), n: samples["storing:page"].length },
        indexing: { worst: worst("indexing:page"), n: samples["indexing:page"].length },
      },
      loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
      busy: os.loadavg()[0] > os.availableParallelism() + 0.5,
    };
    console.log(`${ROWS} rows ${status} in ${result.totalS} s; index build ${result.indexingS} s`);
    console.log(
      `health worst ${result.healthMs.storing.worst} ms while storing, ${result.healthMs.indexing.worst} ms while indexing; the home page (reads the database) worst ${result.pageMs.storing.worst} / ${result.pageMs.indexing.worst} ms`,
    );
    if (result.busy) console.log(`warning: the machine was busy (load average ${result.loadAverage1m})`);
    console.log(JSON.stringify(result));
  } finally {
    done = true;
    await lineup.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
