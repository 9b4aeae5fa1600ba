import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../client";

/**
 * The most common value of a label column per group (a product's name as its reviews give it; a row with a typo
 * does not win). Names are shown as text, never HTML; long ones are cut at 120 characters.
 */
export async function groupNames(
  db: Db,
  datasetId: string,
  column: string,
  groups?: string[],
): Promise<Record<string, string>> {
  if (groups && groups.length === 0) return {};
  const filter = groups
    ? sql` AND group_key IN (${sql.join(
        groups.map((g) => sql`${g}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await queryRows<{ group_key: string; name: string | null }>(
    db,
    sql`
    SELECT group_key, mode() WITHIN GROUP (ORDER BY metadata->>${column}) AS name
      FROM documents WHERE dataset_id = ${datasetId}${filter} AND coalesce(metadata->>${column}, '') <> ''
     GROUP BY group_key`,
  );
  return Object.fromEntries(rows.filter((r) => r.name).map((r) => [r.group_key, r.name!.trim().slice(0, 120)]));
}
