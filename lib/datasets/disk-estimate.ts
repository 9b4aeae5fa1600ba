import "server-only";
import type { Dataset } from "../db/schema";
import type { NewDocument } from "../db/queries/documents";

// What an import will add to the embedded database, to check the disk before writing (lib/system/disk.ts).
// Rough on purpose, and on the high side: refusing with room to spare is cheap; running out is not (PGlite
// stalls for good on a full disk). Every figure counts twice: once in the table, once in the write-ahead log.

/** Per stored row beyond its text: the vector (4 bytes a dimension), tuple headers, the b-tree entries. */
const rowOverhead = (dim: number) => dim * 4 + 200;

/** The rows not yet stored, and their text (the file's bytes, shared out), for a new or a resumed import. */
export function importBytes(
  d: Pick<Dataset, "rowsTotal" | "rowsDone" | "rowsSkipped" | "fileBytes" | "embeddingDim">,
): number {
  const left = Math.max(0, d.rowsTotal - d.rowsDone - d.rowsSkipped);
  const share = d.rowsTotal > 0 ? left / d.rowsTotal : 1;
  return 2 * (d.fileBytes * share * 1.5 + left * rowOverhead(d.embeddingDim));
}

/** An HNSW index of the dataset: each element holds its vector and up to 32 neighbour links on the ground layer. */
export function indexBytes(d: Pick<Dataset, "rowsDone" | "embeddingDim">): number {
  return 2 * d.rowsDone * (d.embeddingDim * 4 + 300);
}

/** One write batch: its texts (UTF-16 length, an upper bound of most UTF-8), labels and vectors. */
export function batchBytes(docs: NewDocument[]): number {
  let bytes = 0;
  for (const d of docs)
    bytes += 2 * d.text.length + JSON.stringify(d.metadata).length + rowOverhead(d.embedding.length);
  return 2 * bytes;
}
