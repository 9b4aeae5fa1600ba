// Status lists shared by the server, the API and the pages. Browser-safe.
import type { RunStatus } from "./types";

/** A run in one of these has ended: no more events will come. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ["completed", "failed", "cancelled", "interrupted"];

export const isFinalRunStatus = (status: string): boolean => (FINAL_RUN_STATUSES as readonly string[]).includes(status);

export type ImportStatus = "pending" | "importing" | "ready" | "failed" | "cancelled";

/** An import in one of these is still working. */
export const ACTIVE_IMPORT_STATUSES: readonly ImportStatus[] = ["pending", "importing"];

export const isActiveImportStatus = (status: string): boolean =>
  (ACTIVE_IMPORT_STATUSES as readonly string[]).includes(status);
