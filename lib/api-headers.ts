// Headers a script (CLI, benchmark) sends to a running Lineup server: the server only takes changes from its
// own origin (or from a holder of the login token), so scripts name that origin, and the token when set.
export function scriptHeaders(
  base: string,
  token?: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { origin: new URL(base).origin, ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}
