import "server-only";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { findEndpoint } from "./endpoints";
import { isRemoteRef, parseRemoteRef } from "./types";

/** Refuses a run whose remote models name no configured endpoint; whether the endpoint answers is the run's concern. */
export async function checkRemoteModels(db: Db, models: string[]): Promise<void> {
  for (const model of models.filter(isRemoteRef)) {
    const ref = parseRemoteRef(model);
    if (!ref)
      throw new AppError(
        "bad_request",
        `"${model}" is not a remote model reference; write it as remote:<endpoint id>/<model id>.`,
      );
    if (!(await findEndpoint(db, ref.endpointId)))
      throw new AppError(
        "bad_request",
        `There is no endpoint ${ref.endpointId} for "${model}". Add it on the Models page (or in LINEUP_ENDPOINTS) first.`,
      );
  }
}
