import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
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
  if (!tokenMatches(configured, token.trim())) {
    throw new AppError("unauthorized", "That is not this server's token. It was printed when the server started (or is the LINEUP_TOKEN it was given).");
  }
  const cookie = `${SESSION_COOKIE}=${sessionValue(configured)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${60 * 60 * 24 * 30}`;
  return Response.json({ ok: true, needed: true }, { headers: { "Set-Cookie": cookie } });
});
