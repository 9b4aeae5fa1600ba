"use client";

import { memo, useCallback, useMemo, useState } from "react";
import { groupDisplay } from "@/lib/datasets/group-names";
import { differenceOf, filterRows, gridChoices, gridRows, NO_FILTER, type GridRow } from "@/lib/runs/answer-grid";
import { modelOfCellId } from "@/lib/runs/cell-key";
import { modelColor, modelLabel } from "@/lib/runs/chart-data";
import type { LiveRun } from "@/lib/runs/reducer";
import type { GenerationView } from "@/lib/runs/types";
import { AnswerGridFilters } from "./answer-grid-filters";
import { LiveAnswerLink } from "./live-answer-link";
import { liveCellOf, QuestionBlock } from "./question-block";
import "./answer-grid.css";

// A long run's answers at a glance: one line per product × question, one column per model, each answer cut to
// two lines with its groundedness and rate. A line opens into the full block (context, whole answers, figures,
// prompts). Small runs open every line; long ones open none, and show PAGE lines at a time, so a run of 1,000
// answers draws a few thousand elements, not every answer's figures and prompt.

/** Runs with at most this many questions open every line, as the page did before the grid. */
const OPEN_UP_TO = 12;
const PAGE = 50;

type Mode = "auto" | "all" | "none";

const CompactRow = memo(function CompactRow({
  row,
  models,
  allModels,
  groupNames,
  onToggle,
}: {
  row: GridRow;
  models: string[];
  allModels: string[];
  groupNames: Record<string, string>;
  onToggle: (questionId: number) => void;
}) {
  const q = row.question;
  const differs = differenceOf(row, models);
  return (
    <div className="grid-line" role="row" data-testid="grid-row" data-question={q.id}>
      <div role="rowheader" className="grid-head-cell">
        <button type="button" className="grid-toggle" aria-expanded={false} onClick={() => onToggle(q.id)}>
          <span className="muted small">{groupDisplay(q.groupKey, groupNames)}</span>
          <span className="grid-question">{q.question}</span>
        </button>
        {differs ? <span className="badge badge-warn small">differ: {differs}</span> : null}
      </div>
      {models.map((m) => {
        const g = row.cells[m];
        return (
          <div key={m} role="cell" className="grid-cell" data-testid="grid-cell" data-model={m}>
            <span className="grid-cell-model small">
              <span className="swatch" style={{ background: modelColor(allModels, m) }} /> {modelLabel(m, allModels)}
            </span>
            <span className="grid-answer">
              {!g ? "…" : g.status === "failed" ? "failed" : g.answer || "(empty answer)"}
            </span>
            {g?.status === "ok" ? (
              <span className="grid-figs muted small">
                {g.quality ? `grounded ${g.quality.groundedness.toFixed(2)} · ` : ""}
                {g.metrics.generationTokensPerSecond?.toFixed(1) ?? "–"} tok/s
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
});

export function AnswerGrid({
  run,
  generations,
  repetition,
  onRepetition,
  runningModel,
}: {
  run: LiveRun;
  /** The run's answers, with their quality scores once read back (use-scored-generations.ts). */
  generations: GenerationView[];
  repetition: number;
  onRepetition: (r: number) => void;
  runningModel: string | null;
}) {
  const allModels = run.run.settings.models;
  const [filter, setFilter] = useState(NO_FILTER);
  const [limit, setLimit] = useState(PAGE);
  const [mode, setMode] = useState<Mode>("auto");
  const [toggled, setToggled] = useState<ReadonlySet<number>>(new Set());
  const models = filter.models.length ? filter.models : allModels;
  const rows = useMemo(
    () => gridRows(run.questions, generations, allModels, repetition),
    [run.questions, generations, allModels, repetition],
  );
  const choices = useMemo(() => gridChoices(run.questions), [run.questions]);
  const shown = useMemo(() => filterRows(rows, filter, allModels), [rows, filter, allModels]);
  const liveCell = liveCellOf(run);
  const liveQuestion = liveCell && liveCell.endsWith(`|${repetition}`) ? Number(liveCell.split("|")[0]) : null;
  const openByDefault = mode === "all" || (mode === "auto" && run.questions.length <= OPEN_UP_TO);
  const isOpen = (id: number) => id === liveQuestion || openByDefault !== toggled.has(id);
  // Stable, so the memoised compact lines do not redraw on every streamed token.
  const toggle = useCallback(
    (id: number) =>
      setToggled((t) => {
        const next = new Set(t);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const setAll = (m: Mode) => {
    setMode(m);
    setToggled(new Set());
  };
  // The live line is always drawn, even past the page or outside the filter, so the live link has a target.
  const visible = shown.filter((r, i) => i < limit || r.question.id === liveQuestion);
  const live = liveQuestion !== null ? rows.find((r) => r.question.id === liveQuestion) : undefined;
  const jump = (e: React.MouseEvent) => {
    e.preventDefault();
    setFilter(NO_FILTER);
    requestAnimationFrame(() => document.getElementById("live-answer")?.scrollIntoView({ block: "center" }));
  };
  return (
    <section className="stack answer-grid-section" aria-labelledby="answers-heading">
      <div className="toolbar">
        <h2 id="answers-heading">Answers</h2>
        <span className="muted small" data-testid="grid-count">
          {shown.length === rows.length
            ? `${rows.length} questions`
            : `${shown.length} of ${rows.length} questions match`}
        </span>
        {run.run.settings.repetitions > 1 ? (
          <label>
            Repetition{" "}
            <select value={repetition} onChange={(e) => onRepetition(Number(e.target.value))}>
              {Array.from({ length: run.run.settings.repetitions }, (_, i) => (
                <option key={i} value={i}>
                  {i + 1}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="btn btn-small" onClick={() => setAll("all")}>
          Open all
        </button>
        <button type="button" className="btn btn-small" onClick={() => setAll("none")}>
          Fold all
        </button>
      </div>
      <AnswerGridFilters
        filter={filter}
        onChange={(f) => {
          setFilter(f);
          setLimit(PAGE);
        }}
        groups={choices.groups}
        questions={choices.questions}
        models={allModels}
        groupNames={run.groupNames}
      />
      <div
        className="answer-grid"
        role="table"
        aria-label="Answers by question and model"
        style={{ "--grid-models": models.length } as React.CSSProperties}
      >
        <div className="grid-line grid-columns" role="row">
          <div role="columnheader">Product · question</div>
          {models.map((m) => (
            <div key={m} role="columnheader" className="mono" title={m}>
              <span className="swatch" style={{ background: modelColor(allModels, m) }} /> {modelLabel(m, allModels)}
            </div>
          ))}
        </div>
        {visible.map((r) =>
          isOpen(r.question.id) ? (
            <div key={r.question.id} role="row" className="grid-open">
              <div role="cell">
                {r.question.id !== liveQuestion ? (
                  <button type="button" className="btn btn-small grid-fold" onClick={() => toggle(r.question.id)}>
                    Fold
                  </button>
                ) : null}
                <QuestionBlock
                  run={run}
                  question={r.question}
                  repetition={repetition}
                  runningModel={runningModel}
                  models={models}
                />
              </div>
            </div>
          ) : (
            <CompactRow
              key={r.question.id}
              row={r}
              models={models}
              allModels={allModels}
              groupNames={run.groupNames}
              onToggle={toggle}
            />
          ),
        )}
      </div>
      {shown.length > limit ? (
        <button type="button" className="btn" onClick={() => setLimit((l) => l + PAGE)}>
          Show {Math.min(PAGE, shown.length - limit)} more of {shown.length - limit}
        </button>
      ) : null}
      {live && liveCell ? (
        <LiveAnswerLink
          label={modelLabel(modelOfCellId(liveCell), allModels)}
          question={live.question.question}
          onJump={jump}
        />
      ) : null}
    </section>
  );
}
