// Next.js calls register() once when the server starts, before it serves a request.
export async function register() {
  // NEXT_RUNTIME is Next's own marker; the database and model workers live only in the Node.js runtime.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/server/boot");
  await boot();
}
