import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { clientOf, loginLimit, tooManyAttempts } from "@/lib/security/login-limit";
import { SESSION_COOKIE, sessionValue, tokenMatches } from "@/lib/security/token";
import { parseJson } from "@/lib/validation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Login = z.object({ token: z.string().min(1, "enter the token").max(512) });

/** Trades the login token for a session cookie the browser sends with every request from our own pages. */
export const POST = handler(async (request: Request) => {
  const { token } = await parseJson(request, Login);
  const configured = env().token;
  if (configured === undefined) return Response.json({ ok: true, needed: false });
  // The same limit as bearer tokens and cookies in the proxy (lib/security/login-limit.ts): one count for both.
  const client = clientOf(request.headers);
  const wait = loginLimit().retryAfter(client);
  if (wait > 0) {
    const { status, code, message, headers } = tooManyAttempts(wait);
    return Response.json({ error: { code, message } }, { status, headers });
  }
  if (!tokenMatches(configured, token.trim())) {
    loginLimit().fail(client);
    throw new AppError(
      "unauthorized",
      "That is not this server's token. It was printed when the server started (or is the LINEUP_TOKEN it was given).",
    );
  }
  loginLimit().succeed(client);
  const cookie = `${SESSION_COOKIE}=${sessionValue(configured)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${60 * 60 * 24 * 30}`;
  return Response.json({ ok: true, needed: true }, { headers: { "Set-Cookie": cookie } });
});
