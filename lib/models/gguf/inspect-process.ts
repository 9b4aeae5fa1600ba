// The child process that reads untrusted GGUF headers (started by inspect-pool.ts with a memory cap).
// A file that makes the parser allocate without end kills this process, never the server. It reads the files
// named on its command line one after another and reports each result on the IPC channel.
import { checkGgufBounds } from "./header-bounds";
import { inspectGguf, type InspectResult } from "./inspect";

export type InspectReply = { file: string; result: InspectResult };

async function main() {
  for (const file of process.argv.slice(2)) {
    let result: InspectResult;
    try {
      const problem = checkGgufBounds(file);
      result = problem
        ? { ok: false, reason: `The GGUF header is damaged or hostile: ${problem}. Lineup will not load it; download the model again.` }
        : await inspectGguf(file);
    } catch (err) {
      result = { ok: false, reason: `The file could not be read (${(err as Error).message}).` };
    }
    await new Promise<void>((resolve) => process.send!({ file, result } satisfies InspectReply, () => resolve()));
  }
  process.disconnect();
}

void main();
