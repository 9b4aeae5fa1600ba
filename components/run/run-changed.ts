"use client";

import { useEffect } from "react";

// A finished run's stored answers can change after the page loaded: a judge grades them. The part of the page
// that knows (the judges panel) announces it; the run's live state reloads its snapshot.

const EVENT = "lineup:run-changed";

export function announceRunChanged(runId: string): void {
  window.dispatchEvent(new CustomEvent(EVENT, { detail: runId }));
}

export function useOnRunChanged(runId: string, reload: () => void): void {
  useEffect(() => {
    const on = (e: Event) => {
      if ((e as CustomEvent<string>).detail === runId) reload();
    };
    window.addEventListener(EVENT, on);
    return () => window.removeEventListener(EVENT, on);
  }, [runId, reload]);
}
