import { csvCell } from "../runs/export";
import type { SweepView } from "./types";

// A sweep's exports: the JSON is the API's view whole; the CSV a line per point, the figures a spreadsheet needs.

export function sweepJson(view: SweepView): string {
  return JSON.stringify(view, null, 2);
}

const COLUMNS = [
  "model",
  "depth",
  "threads",
  "kv_cache_type",
  "flash_attention",
  "pp",
  "tg",
  "repetitions",
  "pp_tokens_per_second",
  "pp_low",
  "pp_high",
  "tg_tokens_per_second",
  "tg_low",
  "tg_high",
  "kv_cache_bytes",
  "kv_allocated_bytes",
  "kv_estimate_bytes",
  "peak_rss_bytes",
  "fill_ms",
  "other_cores_busy",
] as const;

export function sweepCsv(view: SweepView): string {
  const lines = [COLUMNS.join(",")];
  for (const p of view.points) {
    lines.push(
      [
        p.model,
        p.depth,
        p.threads,
        p.kvCacheType,
        p.flashAttention,
        p.pp,
        p.tg,
        p.ppSamples.length,
        p.ppTokensPerSecond.toFixed(2),
        p.ppInterval?.lo.toFixed(2) ?? "",
        p.ppInterval?.hi.toFixed(2) ?? "",
        p.tgTokensPerSecond.toFixed(2),
        p.tgInterval?.lo.toFixed(2) ?? "",
        p.tgInterval?.hi.toFixed(2) ?? "",
        p.kvCacheBytes,
        p.kvAllocatedBytes ?? "",
        p.kvEstimateBytes,
        p.peakRssBytes,
        Math.round(p.fillMs),
        p.load ? p.load.otherCores.toFixed(2) : "",
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}
