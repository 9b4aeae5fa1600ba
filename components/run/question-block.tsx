import { formatMs } from "@/lib/format";
import { cellId, modelOfCellId } from "@/lib/runs/cell-key";
import { modelColor, modelLabel } from "@/lib/runs/chart-data";
import type { LiveRun } from "@/lib/runs/reducer";
import type { QuestionView } from "@/lib/runs/types";
import { AnswerCell } from "./answer-cell";

/** A document longer than the per-document cap reached the models cut: say so beside it. */
function cutOf(question: QuestionView, id: number) {
  const cut = question.documentsCut?.find((c) => c.id === id);
  return cut ? (
    <span className="badge badge-warn" data-testid="document-cut">
      the prompt holds its first {cut.kept.toLocaleString("en")} of {cut.chars.toLocaleString("en")} characters
    </span>
  ) : null;
}

/** The cell being written: the running one, or for a page opened mid-cell, the server's partial answer. */
export function liveCellOf(run: LiveRun): string | null {
  return run.running ?? (run.run.status === "running" ? (Object.keys(run.partials)[0] ?? null) : null);
}
const isLive = (run: LiveRun, key: string) => liveCellOf(run) === key;

/** The model whose turn it is, for the waiting cells to name. */
export function runningModelOf(run: LiveRun): string | null {
  const runningCell = liveCellOf(run);
  return (
    (runningCell ? modelOfCellId(runningCell) : null) ??
    Object.entries(run.models).find(([, m]) => m.state === "loading" || m.state === "loaded")?.[0] ??
    null
  );
}

/** A question: the context every model received (shown once, folded), then one column per model. */
export function QuestionBlock({
  run,
  question,
  repetition,
  runningModel,
  models = run.run.settings.models,
}: {
  run: LiveRun;
  question: QuestionView;
  repetition: number;
  runningModel: string | null;
  /** The model columns to show (a filter may hide some); every model of the run by default. */
  models?: string[];
}) {
  const all = run.run.settings.models;
  // Models take turns (one at a time); a cell whose model has not had its turn says whom it waits for.
  return (
    <section
      className="panel question"
      aria-label={`${question.groupKey}: ${question.question}`}
      data-testid="question"
    >
      <h3>
        {run.groupNames?.[question.groupKey] ? (
          <span className="group-name">{run.groupNames[question.groupKey]}</span>
        ) : null}{" "}
        <span className="mono muted">{question.groupKey}</span> {question.question}
      </h3>
      <details>
        <summary className="muted">
          Retrieved context: {question.documents.length} documents (question embedded in {formatMs(question.embedMs)},
          found in {formatMs(question.retrievalMs)}) — the same for every model
        </summary>
        <ol className="context-docs">
          {question.documents.map((d) => (
            <li key={d.id}>
              <span className="badge">score {d.score.toFixed(3)}</span> <span className="doc-text">{d.text}</span>
              {cutOf(question, d.id)}
            </li>
          ))}
        </ol>
      </details>
      <div className="answers" style={{ gridTemplateColumns: `repeat(${models.length}, minmax(220px, 1fr))` }}>
        {models.map((model) => {
          const key = cellId({ questionId: question.id, model, repetition });
          return (
            <div key={model} className="answer-column" id={isLive(run, key) ? "live-answer" : undefined}>
              <div className="answer-model mono" title={model}>
                <span className="swatch" style={{ background: modelColor(all, model) }} /> {modelLabel(model, all)}
              </div>
              <AnswerCell
                model={model}
                generation={run.generations.find((g) => cellId(g) === key)}
                partial={run.partials[key]}
                running={run.running === key}
                waitingFor={runningModel && runningModel !== model ? modelLabel(runningModel, all) : null}
              />
            </div>
          );
        })}
      </div>
    </section>
  );
}
