import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../client";
import { assertSafeId, embeddingExpr, indexTypeOf, opsFor, toHit, type Hit } from "./documents";

// The lexical half of hybrid retrieval: Postgres full-text search (English stemming, stop words dropped) over
// one group. The question's words are ORed, not ANDed: a question is not a keyword query, and requiring every
// word ("what do people dislike about the product") would match almost nothing. Ranked by ts_rank_cd (cover
// density). Each lexeme is quoted into the tsquery, so no user text is parsed as tsquery syntax.

export async function fullTextInGroup(
  db: Db,
  args: {
    datasetId: string;
    dim: number;
    metric: "cosine" | "dot";
    group: string;
    question: string;
    query: number[];
    k: number;
    withEmbeddings?: boolean;
  },
): Promise<Hit[]> {
  const id = assertSafeId(args.datasetId);
  const type = indexTypeOf(db);
  const { op } = opsFor(args.metric, type);
  const vector = `[${args.query.join(",")}]`;
  const rows = await queryRows<Parameters<typeof toHit>[0] & { rank: number }>(
    db,
    sql`WITH q AS (
          SELECT array_to_string(array(
            SELECT quote_literal(lexeme) FROM unnest(tsvector_to_array(to_tsvector('english', ${args.question}))) AS lexeme
          ), ' | ')::tsquery AS query
        )
        SELECT id, group_key, source_row, text, metadata, duplicates,
               ts_rank_cd(search_vector, q.query) AS rank,
               ${sql.raw(embeddingExpr(args.dim, type))} ${sql.raw(op)} ${vector}${sql.raw(`::${type}`)} AS distance
               ${args.withEmbeddings ? sql`, embedding::text AS embedding` : sql``}
        FROM documents, q
        WHERE dataset_id = ${sql.raw(`'${id}'`)} AND group_key = ${args.group} AND search_vector @@ q.query
        ORDER BY rank DESC, id LIMIT ${args.k}`,
  );
  return rows.map((r, i) => ({ ...toHit(r, args.metric), ranks: { text: i + 1 } }));
}
