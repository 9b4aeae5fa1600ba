import { formatBytes, formatMs } from "@/lib/format";
import { isRemoteRef } from "@/lib/remote/types";
import type { GenerationView } from "@/lib/runs/types";
import { ServerFiguresLine } from "./server-figures";
import { isContended } from "@/lib/system/load-types";
import { unsupportedBecause } from "@/lib/quality/judging/grade-view";
import { markUnsupported } from "@/lib/quality/judging/highlight";
import { AnswerGrades } from "./answer-grades";

/** The answer's text, with the claims a judge found unsupported marked where the answer says them. */
function AnswerText({ text, generation }: { text: string; generation: GenerationView | undefined }) {
  const claims = generation?.grades?.flatMap((g) => (g.mode === "claims" ? (g.claims ?? []) : [])) ?? [];
  if (!claims.length) return <>{text}</>;
  return (
    <>
      {markUnsupported(text, claims).pieces.map((p, i) =>
        p.unsupported ? (
          <mark key={i} className="claim-unsupported" title="A judge found this claim unsupported by the reviews">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/** One model's answer to one question: streaming text while it runs, its figures once done. Text, never HTML. */
export function AnswerCell({
  model,
  generation,
  partial,
  running,
  waitingFor,
}: {
  model: string;
  /** The model whose turn it is, when it is not this one. */
  waitingFor?: string | null;
  generation: GenerationView | undefined;
  partial: string | undefined;
  running: boolean;
}) {
  const text = generation ? generation.answer : (partial ?? "");
  const m = generation?.metrics;
  const unsupported =
    generation?.status === "ok" && text.trim()
      ? unsupportedBecause(generation.grades, generation.quality?.groundedness)
      : null;
  return (
    <div
      className={`answer-cell${running ? " is-running" : ""}`}
      data-testid="answer"
      data-model={model}
      data-state={generation?.status ?? (running ? "running" : "waiting")}
    >
      <div className="answer-meta">
        {generation?.cold ? (
          <span className="badge" title="First answer after loading the model">
            cold
          </span>
        ) : null}
        {generation?.status === "failed" ? <span className="badge badge-bad">failed</span> : null}
        {generation?.status === "cancelled" ? <span className="badge badge-warn">cancelled</span> : null}
        {running ? <span className="badge">generating…</span> : null}
        {unsupported ? (
          <span className="badge badge-bad" data-testid="unsupported" title={unsupported}>
            not supported by the reviews
          </span>
        ) : null}
        {isContended(generation?.load) ? (
          <span
            className="badge badge-warn"
            data-testid="contended"
            title={`Measured while other programs used ${generation!.load!.otherCores.toFixed(1)} cores (steal ${generation!.load!.stealPercent.toFixed(0)} %): slower than this machine can do`}
          >
            busy machine
          </span>
        ) : null}
      </div>
      {generation?.status === "failed" ? <p className="error-box">{generation.error}</p> : null}
      <p className="answer-text">
        {text ? (
          <AnswerText text={text} generation={generation} />
        ) : running ? (
          ""
        ) : generation ? (
          "(empty answer)"
        ) : waitingFor ? (
          `waiting for ${waitingFor} to finish…`
        ) : (
          "waiting…"
        )}
      </p>
      {m && generation?.status !== "failed" ? (
        <dl className="answer-figures">
          <div>
            <dt>tok/s</dt>
            <dd>{m.generationTokensPerSecond?.toFixed(1) ?? "–"}</dd>
          </div>
          <div>
            <dt>words/s</dt>
            <dd>{m.wordsPerSecond?.toFixed(1) ?? "–"}</dd>
          </div>
          <div>
            <dt>TTFT</dt>
            <dd>{formatMs(m.ttftMs)}</dd>
          </div>
          <div>
            <dt>total</dt>
            <dd>{formatMs(m.endToEndMs)}</dd>
          </div>
          <div>
            <dt>tokens</dt>
            <dd>{m.outputTokens ?? "–"}</dd>
          </div>
          <div>
            <dt>peak</dt>
            {isRemoteRef(model) ? (
              <dd className="dd-text">not measurable remotely</dd>
            ) : (
              <dd>{formatBytes(m.peakRssBytes)}</dd>
            )}
          </div>
        </dl>
      ) : null}
      {generation?.status !== "failed" ? <ServerFiguresLine server={generation?.server} /> : null}
      <AnswerGrades grades={generation?.grades} />
      {generation?.prompt ? (
        <details className="answer-prompt">
          <summary className="muted small">Prompt this model received ({generation.promptFormat ?? "raw"})</summary>
          <pre className="prompt">{generation.prompt}</pre>
        </details>
      ) : null}
    </div>
  );
}
