import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors";
import { processWide } from "../process-wide";

// The arena is blind: the browser is dealt two answers, never the models behind them, not even in the JSON a
// curious voter can read in the developer tools. It gets a ticket instead: the run, the question and the two
// models (in the order shown) as their places in the run's model list, encrypted and authenticated
// (AES-256-GCM) with a key that lives only in this server process. Places, not file names: a ticket's length
// follows its plain text, and names of different lengths would tell the pair apart. A vote hands the ticket
// back; the server opens it and reveals the models in its answer. A ticket dealt before a restart no longer
// opens: the page says so and offers a new pair.

/** `a` and `b`: indexes into the run's `settings.models`. */
export type PairTicket = { runId: string; questionId: number; a: number; b: number };

const Sealed = z
  .object({ r: z.string(), q: z.number().int().positive(), a: z.number().int().min(0), b: z.number().int().min(0) })
  .strict();
const key = () => processWide("arena-ticket-key", () => randomBytes(32));
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealTicket(ticket: PairTicket): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const plain = JSON.stringify({ r: ticket.runId, q: ticket.questionId, a: ticket.a, b: ticket.b });
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The pair a ticket was dealt for, or a 400 saying the ticket is not one this server dealt for this run. */
export function openTicket(sealed: string, runId: string): PairTicket {
  const stale = new AppError(
    "bad_request",
    "This pair's ticket was not dealt by this server for this run (the server may have restarted since the page " +
      "loaded it). Load the next pair and vote again.",
  );
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) throw stale;
  let parsed: z.infer<typeof Sealed>;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
    parsed = Sealed.parse(JSON.parse(plain));
  } catch {
    throw stale;
  }
  if (parsed.r !== runId) throw stale;
  return { runId: parsed.r, questionId: parsed.q, a: parsed.a, b: parsed.b };
}
