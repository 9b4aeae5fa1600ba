"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { ErrorMessage } from "@/components/ui/error-message";
import { fetchJson } from "@/components/ui/fetch-json";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ArenaNext, RatingsView, VoteResult } from "@/lib/quality/types";
import { modelLabel } from "@/lib/runs/model-identity";
import { groupDisplay } from "@/lib/datasets/group-names";
import { RatingsTable } from "./ratings-table";

type Winner = VoteResult["vote"]["winner"];
const CHOICES: { winner: Winner; label: string; keys: string[] }[] = [
  { winner: "a", label: "A is better", keys: ["1", "a"] },
  { winner: "b", label: "B is better", keys: ["2", "b"] },
  { winner: "tie", label: "Tie", keys: ["3", "t"] },
  { winner: "both_bad", label: "Both bad", keys: ["4", "x"] },
];
const VERDICT: Record<Winner, string> = {
  a: "You chose A",
  b: "You chose B",
  tie: "You called it a tie",
  both_bad: "You found both bad",
};

/** One pair at a time: vote (buttons or keys 1-4 / a b t x), see the models, then the next pair (n or Enter). */
export function ArenaView({ runId, groupNames }: { runId: string; groupNames: Record<string, string> }) {
  const client = useQueryClient();
  // A new round is a new query: while it loads there is no pair on screen, so no key can vote on the last one.
  const [round, setRound] = useState(0);
  const next = useQuery({
    queryKey: ["arena", runId, round],
    queryFn: () => fetchJson<ArenaNext>(`/api/runs/${runId}/arena`),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const ratings = useQuery({
    queryKey: ["ratings", runId],
    queryFn: () => fetchJson<RatingsView>(`/api/runs/${runId}/ratings`),
  });
  const [revealed, setRevealed] = useState<VoteResult | null>(null);
  const pair = next.data?.pair ?? null;
  const vote = useMutation({
    mutationFn: (winner: Winner) =>
      fetchJson<VoteResult>(`/api/runs/${runId}/votes`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ticket: pair!.ticket, winner }),
      }),
    onSuccess: (result) => {
      setRevealed(result);
      void client.invalidateQueries({ queryKey: ["ratings", runId] });
    },
  });
  const advance = useCallback(() => {
    setRevealed(null);
    vote.reset();
    setRound((r) => r + 1);
  }, [vote]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement | null)?.closest("input, textarea, select"))
        return;
      const key = e.key.toLowerCase();
      if (revealed) {
        if (key === "n" || key === "enter") {
          e.preventDefault();
          advance();
        }
        return;
      }
      const choice = CHOICES.find((c) => c.keys.includes(key));
      if (choice && pair && !vote.isPending) {
        e.preventDefault();
        vote.mutate(choice.winner);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [revealed, pair, vote, advance]);

  if (next.error) return <ErrorMessage error={next.error} />;
  if (!next.data) return <p className="muted">Finding a pair…</p>;
  const { done, total } = next.data;
  const shownDone = done + (revealed ? 1 : 0);
  return (
    <div className="stack">
      <div className="run-progress">
        <ProgressBar value={shownDone} max={total} label="Pairs voted" />
        <span className="muted" data-testid="arena-progress">
          {shownDone} of {total} pairs
        </span>
      </div>
      {!pair ? (
        <p className="notice" data-testid="arena-done">
          You have voted on every pair of this run. Another person can vote through this page&apos;s link.
        </p>
      ) : (
        <>
          <section className="panel stack" aria-label="Question">
            <h2>
              {groupDisplay(pair.question.groupKey, groupNames)}: {pair.question.question}
            </h2>
            <details>
              <summary>Retrieved context, the same for both answers ({pair.question.documents.length} reviews)</summary>
              <ol className="context-docs">
                {pair.question.documents.map((d) => (
                  <li key={d.id} className="doc-text">
                    {d.text}
                  </li>
                ))}
              </ol>
            </details>
          </section>
          <div className="grid grid-2">
            {(["a", "b"] as const).map((side) => (
              <section
                key={side}
                className="panel"
                aria-label={`Answer ${side.toUpperCase()}`}
                data-testid={`arena-answer-${side}`}
              >
                <h3>
                  Answer {side.toUpperCase()}
                  {revealed ? (
                    <span className="mono" data-testid={`arena-model-${side}`} data-model={revealed.models[side]}>
                      {" "}
                      · {modelLabel(revealed.models[side], Object.values(revealed.models))}
                    </span>
                  ) : null}
                </h3>
                <p className="answer-text">{pair[side].answer || <em className="muted">(empty answer)</em>}</p>
                <p className="muted small">{pair[side].words ?? 0} words</p>
              </section>
            ))}
          </div>
          {revealed ? (
            <div className="toolbar vote-bar" data-testid="arena-revealed">
              <span>{VERDICT[revealed.vote.winner]}.</span>
              <button className="btn btn-primary" onClick={advance} data-testid="arena-next" autoFocus>
                Next pair (n)
              </button>
            </div>
          ) : (
            <div className="toolbar vote-bar" role="group" aria-label="Your vote">
              {CHOICES.map((c) => (
                <button key={c.winner} className="btn" onClick={() => vote.mutate(c.winner)} disabled={vote.isPending}>
                  {c.label} <kbd>{c.keys[0]}</kbd>
                </button>
              ))}
            </div>
          )}
          {vote.error ? (
            <div className="stack">
              <ErrorMessage error={vote.error} />
              <div className="toolbar">
                <button className="btn" onClick={advance} data-testid="arena-redeal">
                  Load another pair
                </button>
              </div>
            </div>
          ) : null}
        </>
      )}
      {/* Kept apart from the pair and closed: seeing who leads while reading two answers can sway the vote. */}
      {ratings.data ? (
        <details className="panel arena-ratings" aria-label="Ratings">
          <summary>
            <h2>Ratings so far</h2>{" "}
            <span className="muted small">(closed while you vote, so they cannot sway you)</span>
          </summary>
          <RatingsTable ratings={ratings.data} />
        </details>
      ) : null}
    </div>
  );
}
