import "server-only";
import type { Db } from "../db/client";
import { findDataset, updateDataset } from "../db/queries/datasets";
import type { Dataset, NewDataset } from "../db/schema";
import { progressFromRow, publishProgress, type ImportProgress } from "./progress";

// Every change of an import's state is this one function: it writes the database and announces the new
// state to every page watching, so the two never drift apart.

export async function setImportState(
  db: Db,
  datasetId: string,
  values: Partial<NewDataset>,
  live: Partial<ImportProgress> = {},
): Promise<Dataset | undefined> {
  if (Object.keys(values).length) await updateDataset(db, datasetId, values);
  const row = await findDataset(db, datasetId);
  if (row) publishProgress(progressFromRow(row, live));
  return row;
}
