// Number formatting shared by pages, charts and exports. Pure functions, no locale surprises.

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** A whole count written out with thousands separators ("60,000"), for counts a user checks against their data. */
export function formatInt(n: number): string {
  return n.toLocaleString("en-US");
}

/** A count shortened past 10,000 ("12k", "1.5M"), for figures read at a glance. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return formatInt(n);
}

/** A share in [0, 1] as a whole percentage ("83%"), or "–". */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? "–" : `${Math.round(share * 100)}%`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

/** A date the same for every viewer (and for the server render): UTC, minutes. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "–";
  const d = new Date(value);
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
