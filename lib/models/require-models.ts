import "server-only";
import { AppError } from "../errors";
import type { ServerContext } from "../server-context";
import { findModel, listModels, type ModelEntry } from "./inventory";

/**
 * The listing entries of the local models a request names, or the error that says why one cannot serve: not
 * found (400), its header still being read after CHOSEN_WAIT_MS (503, try again), or not usable (400, with the
 * file's reason). `use` finishes "The model "x" cannot …": "be used", "be swept", "be used as a judge".
 */
export async function requireModels(ctx: ServerContext, ids: readonly string[], use: string): Promise<ModelEntry[]> {
  const inventory = await listModels(ctx.db, ctx, { waitMs: ctx.modelWaitMs, chosen: ids });
  return ids.map((id) => {
    const entry = findModel(inventory, id);
    if (!entry)
      throw new AppError(
        "bad_request",
        `The model "${id}" is not among the models found. The Models page lists the ones there are.`,
      );
    if (!entry.valid && entry.pending)
      throw new AppError("unavailable", `The model "${id}" is still being read (a new file). Try again in a few seconds.`);
    if (!entry.valid) throw new AppError("bad_request", `The model "${id}" cannot ${use}: ${entry.reason}`);
    return entry;
  });
}
