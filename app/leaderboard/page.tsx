import Link from "next/link";
import { ChartQualitySpeed } from "@/components/charts/chart-quality-speed";
import { JudgedTable } from "@/components/quality/judged-table";
import { RatingsTable } from "@/components/quality/ratings-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/lib/db";
import { leaderboard } from "@/lib/quality/leaderboard";
import { modelColor, modelLabel } from "@/lib/runs/model-identity";

export const dynamic = "force-dynamic";
export const metadata = { title: "Leaderboard" };

export default async function LeaderboardPage() {
  const boards = await leaderboard(await getDb());
  return (
    <>
      <PageHeader
        title="Leaderboard"
        lead="Blind votes and judges' grades pooled across runs that asked the same questions of the same data; votes fitted with Bradley–Terry, with 95% intervals."
      />
      {boards.length === 0 ? (
        <EmptyState title="No votes or judges yet">
          <p>
            Open a finished run from the <Link href="/runs">Runs</Link> page and follow &ldquo;Vote blind in the
            arena&rdquo;.
          </p>
        </EmptyState>
      ) : (
        boards.map((b) => (
          <section
            key={b.key}
            className="panel stack"
            aria-label={`Leaderboard: ${b.datasetName}`}
            data-testid="leaderboard-board"
          >
            <h2>{b.datasetName}</h2>
            <p className="muted small">
              {b.questions.map((q) => `“${q}”`).join(" · ")} · {b.groupCount} groups · runs{" "}
              {b.runIds.map((id, i) => (
                <span key={id}>
                  {i ? ", " : ""}
                  <Link href={`/runs/${id}`} className="mono">
                    {id}
                  </Link>
                </span>
              ))}
            </p>
            {b.ratings.votes > 0 ? <RatingsTable ratings={b.ratings} /> : <p className="muted">No blind votes yet.</p>}
            {b.judged ? <JudgedTable judged={b.judged} /> : null}
            {b.ratings.votes > 0 ? (
              <ChartQualitySpeed
                speedLabel="median generation tok/s"
                qualityLabel="Vote score"
                points={b.ratings.ratings.flatMap((r) => {
                  const speed = b.figures[r.model]?.tokensPerSecond;
                  const color = modelColor(b.ratings.matrix.models, r.model);
                  return speed == null
                    ? []
                    : [
                        {
                          model: r.model,
                          speed,
                          quality: r.score,
                          label: modelLabel(r.model, b.ratings.matrix.models),
                          color,
                        },
                      ];
                })}
              />
            ) : null}
          </section>
        ))
      )}
    </>
  );
}
