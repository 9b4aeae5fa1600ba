import { describe, expect, it } from "vitest";
import { AppError, toErrorBody } from "./errors";

describe("error mapping", () => {
  it("sends a user's error with its status and message", () => {
    const { status, body } = toErrorBody(new AppError("too_large", "The file is over the 200 MB limit."));
    expect(status).toBe(413);
    expect(body.error).toEqual({ code: "too_large", message: "The file is over the 200 MB limit." });
  });

  it("never sends an internal error's message or stack to the browser", () => {
    const { status, body } = toErrorBody(new Error("ECONNREFUSED at /srv/secret/path.ts:12"));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toMatch(/secret|ECONNREFUSED/);
  });
});
