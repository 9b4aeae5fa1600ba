// llama.cpp reports the KV cache it allocates for a context in its log, one line per cache (two for an
// architecture with a sliding window: the full cache and the window's):
//   llama_kv_cache_iswa: creating     SWA KV cache, size = 1536 cells
//   llama_kv_cache: size =  408.00 MiB (  8192 cells,  32 layers,  1/1 seqs), K (f16):  204.00 MiB, V (f16):  204.00 MiB
// These lines are the measured allocation; this reads them.

const SIZE = /llama_kv_cache: size =\s*([\d.]+) MiB \(\s*(\d+) cells,\s*(\d+) layers/;
const SWA = /creating\s+SWA KV cache, size = (\d+) cells/;

export function readKvReport(lines: string[]): { bytes: number; cells: { full: number; swa: number | null } } | null {
  const caches = lines.map((l) => SIZE.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (!caches.length) return null;
  const swaCells = lines.map((l) => SWA.exec(l)).find(Boolean);
  const cells = caches.map((m) => Number(m[2]));
  const swa = swaCells ? Number(swaCells[1]) : null;
  return {
    bytes: Math.round(caches.reduce((sum, m) => sum + Number(m[1]) * 1024 * 1024, 0)),
    cells: { full: swa === null ? Math.max(...cells) : (cells.find((c) => c !== swa) ?? swa), swa },
  };
}
