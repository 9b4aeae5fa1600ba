import "server-only";
import { HEARTBEAT_MS, type FromChild, type Protocol, type ToChild } from "./wire";

// The child's side of lib/process/child-client.ts: answers each request by id, sends progress while working,
// beats once a second so the parent can tell a stuck child from a busy one, and exits when the parent goes.

export type Handlers<P extends Protocol> = {
  [M in keyof P]: (
    params: P[M]["params"],
    progress: (value: P[M]["progress"]) => void,
    id: number,
  ) => Promise<P[M]["result"]> | P[M]["result"];
};

export const sendToParent = (message: FromChild) => process.send?.(message);

export function serveRequests<P extends Protocol>(
  handlers: Handlers<P>,
  explain: (err: unknown) => Promise<string> | string = (e) => (e as Error).message,
): void {
  process.on("message", async (request: ToChild) => {
    const handler = handlers[request.method as keyof P];
    try {
      if (!handler) throw new Error(`Unknown request ${request.method}.`);
      const value = await handler(
        request.params as never,
        (p) => sendToParent({ kind: "progress", id: request.id, value: p }),
        request.id,
      );
      sendToParent({ kind: "result", id: request.id, value });
    } catch (err) {
      sendToParent({
        kind: "error",
        id: request.id,
        message: await explain(err),
        code: (err as { code?: string }).code,
      });
    }
  });
  // Without its parent this process has no purpose: exit rather than linger holding memory.
  process.on("disconnect", () => process.exit(0));
  setInterval(() => sendToParent({ kind: "heartbeat" }), HEARTBEAT_MS).unref();
  sendToParent({ kind: "ready", pid: process.pid });
}
