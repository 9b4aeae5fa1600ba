import { modelLabel } from "@/lib/runs/model-identity";
import type { GradeView } from "@/lib/quality/judging/grade-view";
import { RUBRIC_KEYS } from "@/lib/quality/judging/prompts";

/** The judges' grades of one answer: rubric grades with their reasons, and each checked claim with its evidence. */
export function AnswerGrades({ grades }: { grades: GradeView[] | undefined }) {
  if (!grades?.length) return null;
  return (
    <details className="answer-grades small" data-testid="answer-grades">
      <summary>
        Judged:{" "}
        {grades
          .map((g) =>
            g.mode === "rubric"
              ? RUBRIC_KEYS.map((k) => `${k} ${g[k] ?? "–"}/5`).join(", ")
              : g.support === null || g.support === undefined
                ? "no claims found"
                : `${Math.round(g.support * 100)} % of claims supported`,
          )
          .join(" · ")}
      </summary>
      {grades.map((g) => (
        <div key={`${g.judge}:${g.mode}`} className="stack-tight">
          <div className="muted">
            {modelLabel(g.judge)} ({g.mode})
          </div>
          {g.mode === "rubric" ? (
            <ul>
              {RUBRIC_KEYS.map((k) => (
                <li key={k}>
                  {k} {g[k] ?? "–"}/5{g.reasons?.[k] ? `: ${g.reasons[k]}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <ul data-testid="answer-claims">
              {(g.claims ?? []).map((c, i) => (
                <li key={i} className={c.supported ? undefined : "claim-unsupported"} data-supported={c.supported}>
                  {c.supported ? "✓" : "✗"} {c.text}
                  {c.evidence ? (
                    <span className="muted">
                      {" "}
                      — review {c.review ?? "?"}: “{c.evidence}”
                      {c.evidenceFound === false ? " (this quote is not in that review)" : ""}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </details>
  );
}
