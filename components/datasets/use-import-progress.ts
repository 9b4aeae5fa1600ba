"use client";

import { useEffect, useState } from "react";
import type { ImportProgress } from "@/lib/datasets/types";
import { isActiveImportStatus } from "@/lib/runs/status";

/** Live import progress over Server-Sent Events while the import runs; calls onEnd once it stops. */
export function useImportProgress(datasetId: string, status: string, onEnd: () => void): ImportProgress | null {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    if (!isActiveImportStatus(status)) return;
    const source = new EventSource(`/api/datasets/${datasetId}/events`);
    source.addEventListener("progress", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as ImportProgress;
      setProgress(next);
      if (!isActiveImportStatus(next.status)) {
        source.close();
        onEnd();
      }
    });
    return () => source.close();
  }, [datasetId, status, onEnd]);
  return progress;
}
