import "server-only";
import type { Db } from "../db/client";
import { findDataset } from "../db/queries/datasets";
import { groupNames } from "../db/queries/group-names";
import type { Run } from "../db/schema";
import { nameColumnOf } from "../datasets/group-names";

/** The names of a run's groups (products) from its dataset, when the dataset has a name column and still exists. */
export async function runGroupNames(db: Db, run: Run): Promise<Record<string, string>> {
  const mapping = run.manifest?.dataset.mapping ?? (await findDataset(db, run.settings.datasetId))?.mapping;
  const column = mapping ? nameColumnOf(mapping) : null;
  return column ? groupNames(db, run.settings.datasetId, column, run.settings.groups) : {};
}
