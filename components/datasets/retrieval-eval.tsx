"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import type { DatasetSummary } from "@/lib/datasets/service";
import type { EvalRow } from "@/lib/retrieval/evaluate";
import { hasSampleTruth } from "@/lib/retrieval/sample-truth";
import { formatShare } from "@/lib/format";

const KIND_LABEL: Record<EvalRow["kind"], string> = { like: "Likes", dislike: "Dislikes", feature: "A named feature" };
const interval = (x: EvalRow["recall"]) => `${formatShare(x.mean)} [${formatShare(x.lo)}, ${formatShare(x.hi)}]`;

/** Recall@k per question kind and retrieval mode, on a dataset whose answers are known (the sample). */
export function RetrievalEval({ datasets }: { datasets: DatasetSummary[] }) {
  const known = datasets.filter((d) => hasSampleTruth(d.groups.map((g) => g.group)));
  const [k, setK] = useState(2);
  const run = useMutation({
    mutationFn: (id: string) => fetchJson<{ k: number; rows: EvalRow[] }>(`/api/datasets/${id}/retrieval-eval?k=${k}`),
  });
  if (known.length === 0) return null;
  const dataset = known[0];
  return (
    <section className="panel" aria-labelledby="eval-heading">
      <h2 id="eval-heading">How well does retrieval find the answers?</h2>
      <p className="muted">
        The sample reviews are generated, so what each product&apos;s reviews like and dislike is known. For each of its{" "}
        {dataset.groups.length} products this asks the run&apos;s two questions (&ldquo;What do people like about the
        product?&rdquo;, &ldquo;&hellip;dislike&hellip;&rdquo;) and one question about a named feature in a user&apos;s
        words (&ldquo;Does it come with a charger?&rdquo;), and checks the top k. <strong>Recall@k</strong>: relevant
        reviews in the top k out of the most that could be there (k, or fewer if the product has fewer).{" "}
        <strong>Aspects covered</strong>: share of the known likes, dislikes or the feature that the top k mention.
        Means over products, with a bootstrap 95% interval.
      </p>
      <div className="form-grid">
        <label>
          k
          <input
            type="number"
            min={1}
            max={10}
            value={k}
            onChange={(e) => setK(Number(e.target.value))}
            aria-label="Evaluation k"
            style={{ width: 80 }}
          />
        </label>
        <div>
          <button className="btn" onClick={() => run.mutate(dataset.id)} disabled={run.isPending}>
            {run.isPending ? "Evaluating…" : `Evaluate retrieval on "${dataset.name}"`}
          </button>
        </div>
      </div>
      {run.error ? <ErrorMessage error={run.error} /> : null}
      {run.data ? (
        <div className="table-wrap">
          <table className="data sticky-first" aria-label="Retrieval evaluation">
            <thead>
              <tr>
                <th>Question</th>
                <th>Retrieval</th>
                <th>Recall@{run.data.k}</th>
                <th>Aspects covered</th>
                <th>n</th>
              </tr>
            </thead>
            <tbody>
              {run.data.rows.map((r) => (
                <tr key={`${r.kind}-${r.label}`}>
                  <th scope="row" title={r.question}>
                    {KIND_LABEL[r.kind]}
                  </th>
                  <td>{r.label}</td>
                  <td className="num">{interval(r.recall)}</td>
                  <td className="num">{interval(r.aspects)}</td>
                  <td className="num">{r.recall.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
