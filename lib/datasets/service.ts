import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import type { ServerContext } from "../server-context";
import { groupCounts, groupExists, type Hit } from "../db/queries/documents";
import { DEFAULT_RETRIEVAL, type Retrieval } from "../retrieval/modes";
import { retrieveInGroup } from "../retrieval/retrieve";
import { nameColumnOf } from "./group-names";
import { findDataset, findDatasetByFile, insertDataset, listDatasets } from "../db/queries/datasets";
import type { ColumnMapping, Dataset } from "../db/schema";
import { getEmbedder } from "../embeddings/registry";
import { AppError } from "../errors";
import { listEmbedders } from "../models/inventory";
import { checkCapacity } from "./capacity";
import { previewCsv } from "./csv";
import { cancelImport, startImport } from "./jobs";
import { detectMapping, validateMapping } from "./mapping";
import { setImportState } from "./state";
import { readUpload } from "./uploads";

export const newDatasetId = () => `ds_${randomBytes(5).toString("hex")}`;

export async function requireDataset(db: Db, id: string): Promise<Dataset> {
  const dataset = await findDataset(db, id);
  if (!dataset)
    throw new AppError("not_found", `There is no dataset ${id}. The Datasets page lists the ones there are.`);
  return dataset;
}

/**
 * Starts importing an uploaded CSV. The same file with the same embedder is found, not duplicated: an
 * unfinished earlier import of it is resumed instead.
 */
export async function createDataset(
  ctx: ServerContext,
  input: { uploadId: string; name?: string; mapping?: ColumnMapping; embedder?: string; dedupe?: boolean },
): Promise<{ dataset: Dataset; existing: boolean }> {
  const upload = readUpload(ctx.dataDir, input.uploadId);
  const preview = await previewCsv(upload.path);
  const mapping = input.mapping ?? detectMapping(preview.headers).mapping;
  if (!mapping) {
    throw new AppError(
      "bad_request",
      `This CSV is not in the review layout Lineup recognises (asins, reviews.title, reviews.text). Choose its text and group columns from: ${preview.headers.join(", ")}.`,
    );
  }
  validateMapping(preview.headers, mapping);
  const installed = listEmbedders(ctx.modelsDir);
  const embedderId = input.embedder ?? installed.find((e) => e.demo)?.id ?? installed[0]?.id;
  if (!embedderId || !installed.some((e) => e.id === embedderId)) {
    throw new AppError(
      "bad_request",
      `The embedding model "${embedderId ?? "(none)"}" is not installed. Installed: ${installed.map((e) => e.id).join(", ") || "none"}.`,
    );
  }
  const dedupe = input.dedupe ?? true;
  const same = await findDatasetByFile(ctx.db, upload.sha256, embedderId, mapping, dedupe);
  if (same) {
    if (same.status === "failed" || same.status === "cancelled") {
      await setImportState(ctx.db, same.id, { status: "pending", error: null });
      startImport(ctx, same.id);
    }
    return { dataset: (await findDataset(ctx.db, same.id))!, existing: true };
  }
  const embedder = await getEmbedder(ctx.modelsDir, embedderId);
  // Before anything is stored: PGlite cannot index past its memory ceiling (lib/datasets/capacity.ts).
  const counted = await checkCapacity(ctx.db, upload.path, preview.delimiter, embedder.dim, ctx.embeddedRowLimit);
  const dataset = await insertDataset(ctx.db, {
    id: newDatasetId(),
    name: input.name?.trim() || upload.fileName.replace(/\.csv$/i, ""),
    sourceFile: upload.path,
    fileSha256: upload.sha256,
    fileBytes: upload.bytes,
    mapping,
    embedder: embedderId,
    embeddingDim: embedder.dim,
    metric: embedder.metric,
    dedupe,
    status: "pending",
    ...(counted !== null ? { rowsTotal: counted } : {}),
  });
  startImport(ctx, dataset.id);
  return { dataset, existing: false };
}

export async function resumeDataset(ctx: ServerContext, id: string): Promise<Dataset> {
  const dataset = await requireDataset(ctx.db, id);
  if (dataset.status === "ready") return dataset;
  await setImportState(ctx.db, id, { status: "pending", error: null });
  startImport(ctx, id);
  return (await findDataset(ctx.db, id))!;
}

export async function cancelDataset(ctx: ServerContext, id: string): Promise<Dataset> {
  await requireDataset(ctx.db, id);
  await cancelImport(ctx.db, id);
  return (await findDataset(ctx.db, id))!;
}

export type DatasetSummary = Dataset & {
  groups: { group: string; documents: number; name: string | null }[];
  documents: number;
};

export async function describeDataset(db: Db, id: string): Promise<DatasetSummary> {
  const dataset = await requireDataset(db, id);
  const groups = await groupCounts(db, id, nameColumnOf(dataset.mapping));
  return { ...dataset, groups, documents: groups.reduce((n, g) => n + g.documents, 0) };
}

export async function summaries(db: Db): Promise<DatasetSummary[]> {
  const all = await listDatasets(db);
  return Promise.all(all.map((d) => describeDataset(db, d.id)));
}

export const K_MAX = 50;

/** A dataset can be searched once its import has finished. */
export function requireReady(dataset: Dataset): void {
  if (dataset.status !== "ready") {
    throw new AppError(
      "conflict",
      `The dataset "${dataset.name}" is ${dataset.status}, not ready: wait for its import to finish${dataset.status === "failed" ? ", or fix the problem and import it again" : ""}.`,
    );
  }
}

export type SearchResult = { hits: Hit[]; embedMs: number; retrievalMs: number };

/** The retrieval a run uses: embed the question with the dataset's own embedder, then top-k in one group. */
export async function searchDataset(
  ctx: ServerContext,
  args: { id: string; query: string; group: string; k: number; embedder?: string; retrieval?: Retrieval },
): Promise<SearchResult> {
  const dataset = await requireDataset(ctx.db, args.id);
  const query = args.query.trim();
  if (!query) throw new AppError("bad_request", "Type a question to search for.");
  if (!Number.isInteger(args.k) || args.k < 1 || args.k > K_MAX) {
    throw new AppError("bad_request", `k must be a whole number from 1 to ${K_MAX}; got ${args.k}.`);
  }
  if (args.embedder && args.embedder !== dataset.embedder) {
    throw new AppError(
      "conflict",
      `This dataset was embedded with ${dataset.embedder}; searching it with ${args.embedder} would compare unrelated vectors. Search with ${dataset.embedder}, or import the CSV again with ${args.embedder}.`,
    );
  }
  requireReady(dataset);
  if (!(await groupExists(ctx.db, dataset.id, args.group))) {
    const some = (await groupCounts(ctx.db, dataset.id)).slice(0, 5).map((g) => g.group);
    throw new AppError(
      "not_found",
      `The dataset has no group "${args.group}". Its groups include: ${some.join(", ")}.`,
    );
  }
  const embedder = await getEmbedder(ctx.modelsDir, dataset.embedder);
  const t0 = performance.now();
  const [vector] = await embedder.embed([query]);
  const embedMs = performance.now() - t0;
  if (vector.every((x) => x === 0 || Number.isNaN(x))) {
    throw new AppError(
      "bad_request",
      "The question has no words the embedding model knows, so it cannot be compared with the documents. Rephrase it.",
    );
  }
  const t1 = performance.now();
  const retrieval = args.retrieval ?? DEFAULT_RETRIEVAL;
  const hits = await retrieveInGroup(ctx.db, dataset, {
    group: args.group,
    question: query,
    vector,
    k: args.k,
    ...retrieval,
  });
  return { hits, embedMs, retrievalMs: performance.now() - t1 };
}
