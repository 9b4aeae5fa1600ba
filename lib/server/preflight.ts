import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Env } from "../env";
import { AppError } from "../errors";
import { generateToken, needsLogin } from "../security/token";

// Start-up problems a user can fix, found before Next starts, each said in one sentence instead of a stack trace.

/** mkdir -p one level at a time: Node's recursive mkdir spins forever under /proc. */
function makeDirs(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) makeDirs(parent);
  fs.mkdirSync(dir);
}

/** DATA_DIR must exist (or be creatable) and be writable: the database and uploads live there. */
export function checkDataDir(dataDir: string): void {
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    makeDirs(dataDir);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new AppError(
      "unavailable",
      `DATA_DIR ${dataDir} is not writable (${code}): make it writable for this user, or set DATA_DIR to a directory that is.`,
    );
  }
}

/** The port must be free on HOST; Next would otherwise print a raw EADDRINUSE stack. */
export function checkPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      const why =
        err.code === "EADDRINUSE"
          ? "is already in use (another server, perhaps another Lineup)"
          : err.code === "EACCES"
            ? "needs privileges this user does not have"
            : err.code === "EADDRNOTAVAIL"
              ? `cannot be opened because ${host} is not an address of this machine`
              : `cannot be opened (${err.code})`;
      reject(
        new AppError(
          "unavailable",
          `Port ${port} on ${host} ${why}: stop that server or choose another PORT (and HOST).`,
        ),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/**
 * The login token of an exposed server: LINEUP_TOKEN, or one made now and printed once. Returns the
 * environment the server process needs (empty when listening on loopback only).
 */
export function loginEnv(settings: Env, print: (line: string) => void): Record<string, string> {
  if (!needsLogin(settings.host)) return {};
  if (settings.token) {
    print(
      `HOST=${settings.host}: reachable from other machines; browsers sign in with LINEUP_TOKEN, scripts send it as "Authorization: Bearer <token>".`,
    );
    return {};
  }
  const token = generateToken();
  print(`HOST=${settings.host}: reachable from other machines, so it needs a login. Token for this run: ${token}`);
  print("(set LINEUP_TOKEN to choose a token that stays the same across restarts)");
  return { LINEUP_TOKEN: token };
}
