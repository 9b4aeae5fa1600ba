import { env } from "./env";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function write(level: Level, message: string, extra?: unknown) {
  if (LEVELS[level] < LEVELS[env().logLevel]) return;
  const line = `[lineup] ${level.toUpperCase()} ${message}`;
  const out = level === "error" || level === "warn" ? console.error : console.log;
  if (extra === undefined) out(line);
  else out(line, extra);
}

export const log = {
  debug: (m: string, extra?: unknown) => write("debug", m, extra),
  info: (m: string, extra?: unknown) => write("info", m, extra),
  warn: (m: string, extra?: unknown) => write("warn", m, extra),
  error: (m: string, extra?: unknown) => write("error", m, extra),
};
