"use client";

import { useEffect, useState } from "react";
import { isEndedPull, type PullState } from "@/lib/models/pull/types";

/** A pull's live state over Server-Sent Events while it runs; calls onEnd once when it ends. */
export function usePullProgress(initial: PullState, onEnd: (state: PullState) => void): PullState {
  const [state, setState] = useState(initial);
  const active = !isEndedPull(initial.status);
  useEffect(() => {
    if (!active) return;
    const source = new EventSource(`/api/models/pulls/${initial.id}/events`);
    source.addEventListener("pull", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as PullState;
      setState(next);
      if (isEndedPull(next.status)) {
        source.close();
        onEnd(next);
      }
    });
    return () => source.close();
  }, [initial.id, active, onEnd]);
  return isEndedPull(initial.status) ? initial : state;
}
