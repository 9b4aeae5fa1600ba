import { formatMs } from "@/lib/format";
import { cellId } from "@/lib/runs/cell-id";
import { shortName } from "@/lib/runs/chart-data";
import type { LiveRun } from "@/lib/runs/reducer";
import type { QuestionView } from "@/lib/runs/types";
import { AnswerCell } from "./answer-cell";

/** A question: the context every model received (shown once, folded), then one column per model. */
export function QuestionBlock({ run, question, repetition }: { run: LiveRun; question: QuestionView; repetition: number }) {
  const models = run.run.settings.models;
  return (
    <section className="panel question" aria-label={`${question.groupKey}: ${question.question}`} data-testid="question">
      <h3>
        <span className="mono muted">{question.groupKey}</span> {question.question}
      </h3>
      <details>
        <summary className="muted">
          Retrieved context: {question.documents.length} documents (question embedded in {formatMs(question.embedMs)}, found in {formatMs(question.retrievalMs)}) — the same for every model
        </summary>
        <ol className="context-docs">
          {question.documents.map((d) => (
            <li key={d.id}><span className="badge">score {d.score.toFixed(3)}</span> <span className="doc-text">{d.text}</span></li>
          ))}
        </ol>
      </details>
      <div className="answers" style={{ gridTemplateColumns: `repeat(${models.length}, minmax(220px, 1fr))` }}>
        {models.map((model) => {
          const key = cellId({ questionId: question.id, model, repetition });
          return (
            <div key={model} className="answer-column">
              <div className="answer-model mono">{shortName(model)}</div>
              <AnswerCell
                model={model}
                generation={run.generations.find((g) => cellId(g) === key)}
                partial={run.partials[key]}
                running={run.running === key}
              />
            </div>
          );
        })}
      </div>
    </section>
  );
}
