"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { useOnRunChanged } from "./run-changed";
import { applyLogged, emptyLive, type LiveRun } from "@/lib/runs/reducer";
import { isFinalRunStatus } from "@/lib/runs/status";
import type { RunDetail, RunEvent } from "@/lib/runs/types";

type Logged = { seq: number; event: RunEvent };

function reducer(state: LiveRun, batch: Logged[]): LiveRun {
  return batch.reduce((s, e) => applyLogged(s, e) ?? s, state);
}

/**
 * Tokens arrive hundreds per second, and an answer's start and end a few more events each; the page redraws at
 * most this often (all events batched, not only tokens), so it takes little CPU from the models it measures.
 */
const FLUSH_MS = 120;

/**
 * The run as it happens. EventSource reconnects by itself and sends Last-Event-ID, so the server resumes
 * the stream after the last event seen (or sends a snapshot after a restart); the reducer ignores repeats.
 */
export function useRunEvents(initial: RunDetail): LiveRun {
  const [state, dispatch] = useReducer(reducer, initial, emptyLive);
  const pending = useRef<Logged[]>([]);
  const id = initial.run.id;
  const finished = isFinalRunStatus(state.run.status);
  useEffect(() => {
    if (finished) return;
    const source = new EventSource(`/api/runs/${id}/events`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = pending.current.splice(0);
      if (batch.length) dispatch(batch);
    };
    const onEvent = (e: MessageEvent) => {
      const event = JSON.parse(e.data) as RunEvent;
      pending.current.push({ seq: Number(e.lastEventId.split("-")[1] ?? 0), event });
      const ended =
        (event.type === "status" && isFinalRunStatus(event.status)) ||
        (event.type === "snapshot" && isFinalRunStatus(event.detail.run.status));
      if (ended) {
        source.close();
        flush();
      } else if (event.type === "snapshot") flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    };
    for (const type of ["snapshot", "status", "question", "model", "cell", "token", "generation"])
      source.addEventListener(type, onEvent);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [id, finished]);
  // Graded after the page loaded (a judge finished): the stored run again, as a snapshot.
  // The sequence number read when the reload lands, through a ref: a callback keyed on it would be made anew (and
  // the window listener re-attached) on every streamed-token flush.
  const seq = useRef(state.seq);
  useEffect(() => {
    seq.current = state.seq;
  }, [state.seq]);
  const reload = useCallback(() => {
    void fetchJson<RunDetail>(`/api/runs/${id}`)
      .then((detail) => dispatch([{ seq: seq.current, event: { type: "snapshot", detail } }]))
      .catch(() => {});
  }, [id]);
  useOnRunChanged(id, reload);
  return state;
}
