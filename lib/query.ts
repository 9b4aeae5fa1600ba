import { AppError } from "./errors";

// Numbers in query strings are plain decimal integers: `Number()` would also take "0x10", "1e3", " 7 " or
// "" (as 0), so a typo or a probe silently became another value.

export function parseIntParam(
  raw: string | null,
  name: string,
  min: number,
  max: number,
  fallback: number,
  unit?: string,
): number {
  if (raw === null || raw === "") return fallback;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError(
      "bad_request",
      `${name} must be a whole number${unit ? ` of ${unit}` : ""} from ${min} to ${max}, written in decimal digits; got "${raw.slice(0, 40)}".`,
    );
  }
  return n;
}
