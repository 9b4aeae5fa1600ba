// One error type for the whole product. `message` is written for the user: what was wrong and what to do.
// Internal detail (stack traces, driver messages) goes to `cause` and the server log, never to the browser.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  misdirected: 421,
  unprocessable: 422,
  locked: 423,
  insufficient_storage: 507,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError || (err instanceof Error && err.name === "AppError" && "code" in err);
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

/** The JSON body and status for any thrown value; unknown errors become a generic 500. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (isAppError(err)) {
    return {
      status: ERROR_STATUS[err.code],
      body: { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: "internal",
        message:
          "Something went wrong on the server. The details are in the server log; try again, and report it if it persists.",
      },
    },
  };
}
