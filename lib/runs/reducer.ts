import { summarizeModels } from "../metrics/summary";
import { cellId } from "./cell-key";
import type { GenerationView, LoggedEvent, ModelEventState, RunDetail, RunEvent } from "./types";

// The viewer's state of a run, built from its event stream. Applying an event twice, or a snapshot that already
// contains later events, changes nothing: tokens carry their offset in the answer, cells are keyed.
// Browser-safe: the run page bundles it.

export type ModelState = { state: ModelEventState; loadMs?: number; error?: string };
export type LiveRun = RunDetail & { models: Record<string, ModelState>; running: string | null; seq: number };

export function emptyLive(detail: RunDetail): LiveRun {
  return { ...detail, models: {}, running: null, seq: 0 };
}

/** Applies a logged event once: a redelivered event (same or lower sequence) is ignored. */
export function applyLogged(state: LiveRun | null, logged: Pick<LoggedEvent, "seq" | "event">): LiveRun | null {
  if (logged.event.type === "snapshot") return { ...applyEvent(state, logged.event)!, seq: logged.seq };
  if (!state || logged.seq <= state.seq) return state;
  const next = applyEvent(state, logged.event);
  return next && { ...next, seq: logged.seq };
}

function withGeneration(generations: GenerationView[], g: GenerationView): GenerationView[] {
  const key = cellId(g);
  const i = generations.findIndex((x) => cellId(x) === key);
  if (i === -1) return [...generations, g];
  const next = [...generations];
  next[i] = g;
  return next;
}

export function applyEvent(state: LiveRun | null, event: RunEvent): LiveRun | null {
  if (event.type === "snapshot") return { ...emptyLive(event.detail), models: state?.models ?? {} };
  if (!state) return state;
  switch (event.type) {
    case "status":
      return {
        ...state,
        done: event.done,
        total: event.total,
        position: event.position ?? (event.status === "running" ? 0 : null),
        run: { ...state.run, status: event.status, error: event.error ?? state.run.error },
        running: event.status === "running" ? state.running : null,
      };
    case "question":
      return state.questions.some((q) => q.id === event.question.id)
        ? state
        : { ...state, questions: [...state.questions, event.question] };
    case "model":
      return {
        ...state,
        models: { ...state.models, [event.model]: { state: event.state, loadMs: event.loadMs, error: event.error } },
      };
    case "cell": {
      const key = cellId(event.cell);
      if (state.generations.some((g) => cellId(g) === key)) return state;
      return { ...state, running: key, partials: { ...state.partials, [key]: state.partials[key] ?? "" } };
    }
    case "phase":
      return state;
    case "token": {
      const key = cellId(event.cell);
      const current = state.partials[key] ?? "";
      if (current.length !== event.offset || state.generations.some((g) => cellId(g) === key)) return state;
      return { ...state, partials: { ...state.partials, [key]: current + event.text } };
    }
    case "generation": {
      const key = cellId(event.generation);
      const partials = { ...state.partials };
      delete partials[key];
      const generations = withGeneration(state.generations, event.generation);
      return {
        ...state,
        partials,
        generations,
        done: Math.max(state.done, generations.length),
        summaries: summarizeModels(state.run.settings.models, generations),
        running: state.running === key ? null : state.running,
      };
    }
  }
}
