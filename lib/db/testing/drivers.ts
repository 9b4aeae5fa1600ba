import net from "node:net";
import { openDatabase, type Database } from "../client";

/**
 * The two ways the product talks to Postgres, both runnable without Docker:
 * in-process PGlite, and `pg` over the wire protocol to PGlite behind @electric-sql/pglite-socket.
 */
export type DriverName = "pglite" | "pg";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function openTestDatabase(driver: DriverName): Promise<Database> {
  if (driver === "pglite") return openDatabase({ driver: "pglite", dataDir: null });
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const backend = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db: backend, port, host: "127.0.0.1", maxConnections: 8 });
  await server.start();
  const database = await openDatabase({ driver: "pg", url: `postgres://postgres@127.0.0.1:${port}/postgres` });
  return {
    ...database,
    close: async () => {
      await database.close();
      await server.stop();
      await backend.close();
    },
  };
}
