import "server-only";

// llama.cpp rejects with a bare "Failed to load model"; the reason arrives in its log a moment later. Both
// worker children (models, sweeps) keep the last lines and add the telling ones to the error they report.

const TELLING = /error|failed|invalid|missing|unknown|not|requires/i;

export function llamaLogTail(keep = 40) {
  const lines: string[] = [];
  return {
    record(text: string): void {
      lines.push(text);
      if (lines.length > keep) lines.shift();
    },
    clear(): void {
      lines.length = 0;
    },
    /** The error's message with up to three telling log lines, read after llama.cpp has had time to write them. */
    async explain(err: unknown): Promise<string> {
      await new Promise((r) => setTimeout(r, 150));
      const logged = lines.filter((l) => TELLING.test(l)).slice(-3);
      const base = err instanceof Error ? err.message : String(err);
      return logged.length ? `${base}: ${logged.join(" | ")}` : base;
    },
  };
}
