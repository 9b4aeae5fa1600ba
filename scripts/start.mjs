// `npm start`: runs the start script compiled by `npm run build` (dist/start.mjs) in this process, with
// plain node. Plain JavaScript, so nothing needs compiling to get here.
import fs from "node:fs";

const compiled = new URL("../dist/start.mjs", import.meta.url);
if (!fs.existsSync(compiled)) {
  console.error(
    "[lineup] There is no production build yet. Run `npm run build` first, or `npm run demo` to prepare everything and start.",
  );
  process.exit(1);
}
await import(compiled.href);
