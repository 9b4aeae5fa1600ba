import "server-only";
import { AppError } from "../../errors";
import { DISK_RESERVE_BYTES, freeBytes, mbText } from "../../system/disk";

/** Refuses a pull that would not fit on the disk holding the models folder, before a byte is fetched. */
export function ensureRoomForPull(modelsDir: string, fileName: string, neededBytes: number): void {
  const free = freeBytes(modelsDir);
  if (free >= neededBytes + DISK_RESERVE_BYTES) return;
  throw new AppError(
    "insufficient_storage",
    `Not enough free space to pull ${fileName}: the disk holding the models folder (${modelsDir}) has ${mbText(free)} free, ` +
      `and the download needs ${mbText(neededBytes)} more plus ${mbText(DISK_RESERVE_BYTES)} kept free. ` +
      `Free some space there (or point MODELS_DIR at a larger disk), then pull again; any part already downloaded is kept.`,
    { details: { freeBytes: free, neededBytes, reserveBytes: DISK_RESERVE_BYTES } },
  );
}
