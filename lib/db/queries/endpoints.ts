import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { endpoints, type EndpointRow } from "../schema";

export function listEndpointRows(db: Db): Promise<EndpointRow[]> {
  return db.select().from(endpoints).orderBy(asc(endpoints.createdAt));
}

export async function findEndpointRow(db: Db, id: string): Promise<EndpointRow | undefined> {
  const [row] = await db.select().from(endpoints).where(eq(endpoints.id, id));
  return row;
}

export async function insertEndpoint(db: Db, values: typeof endpoints.$inferInsert): Promise<EndpointRow> {
  const [row] = await db.insert(endpoints).values(values).returning();
  return row;
}

export async function deleteEndpoint(db: Db, id: string): Promise<boolean> {
  return (await db.delete(endpoints).where(eq(endpoints.id, id)).returning({ id: endpoints.id })).length > 0;
}
