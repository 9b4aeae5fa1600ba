"use client";

import { useEffect, useRef, useState } from "react";

/**
 * `value`, passed on at most once every `everyMs` (the latest one each time); `everyMs` 0 passes it at once.
 * For views that redraw expensively (the charts) from state that changes many times a second while a run
 * streams: the browser watching a run shares the CPU with the models it measures.
 */
export function useThrottled<T>(value: T, everyMs: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (everyMs === 0 || Object.is(value, shown)) return;
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, last.current + everyMs - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, shown, everyMs]);
  return everyMs === 0 ? value : shown;
}
