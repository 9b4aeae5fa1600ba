import "server-only";
import type { Db } from "../db/client";
import { log } from "../log";
import { publishProgress } from "./progress";
import { setImportState } from "./state";
import { storableText } from "./storable-text";

// The one way an import ends as failed. It cannot fail silently: the message is made storable first; if
// storing it still fails, a plain message is tried; if the database refuses even that, the failure is logged
// and announced to every watching page, so nobody waits on an import that has stopped.

const PLAIN =
  "The import stopped, and the reason could not be stored (see the server log). Fix the file and import it again.";

export async function failImport(db: Db, datasetId: string, message: string, cause?: unknown): Promise<void> {
  if (cause !== undefined) log.error(`import ${datasetId} failed: ${message}`, cause);
  const text = storableText(message).slice(0, 2000);
  for (const error of [text, PLAIN]) {
    try {
      await setImportState(db, datasetId, { status: "failed", error });
      return;
    } catch (err) {
      log.error(`import ${datasetId}: recording its failure failed`, err);
    }
  }
  publishProgress({
    datasetId,
    status: "failed",
    rowsTotal: 0,
    rowsDone: 0,
    rowsSkipped: 0,
    rowsPerSecond: null,
    secondsLeft: null,
    error: PLAIN,
  });
}
