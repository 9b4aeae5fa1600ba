"use client";

import { useEffect, useState } from "react";
import type { ImportProgress } from "@/lib/datasets/progress";

const ACTIVE = ["pending", "importing"];

/** Live import progress over Server-Sent Events while the import runs; calls onEnd once it stops. */
export function useImportProgress(datasetId: string, status: string, onEnd: () => void): ImportProgress | null {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    if (!ACTIVE.includes(status)) return;
    const source = new EventSource(`/api/datasets/${datasetId}/events`);
    source.addEventListener("progress", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as ImportProgress;
      setProgress(next);
      if (!ACTIVE.includes(next.status)) {
        source.close();
        onEnd();
      }
    });
    return () => source.close();
  }, [datasetId, status, onEnd]);
  return progress;
}
