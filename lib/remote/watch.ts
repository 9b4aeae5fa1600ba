import "server-only";

// Every wait on a remote server (the answer's headers, each read of its body) is raced against our own
// deadline and the caller's cancel signal, and on either the body's reader is cancelled directly. We do not
// rely on fetch's AbortSignal alone: undici stops passing an abort on to a streaming body once the fetch's
// internal Request has been garbage-collected (nodejs/undici#3644), and a quiet stream then ignored cancel
// for minutes. The deadline is fixed for a GET, or moved on by `progress()` for a stream, which calls it only
// for bytes that carry part of the answer (keep-alive comments do not).

export class GiveUpError extends Error {
  constructor(readonly why: "deadline" | "cancel") {
    super(why === "cancel" ? "cancelled" : "deadline passed");
    this.name = "GiveUpError";
  }
}

export class Watch {
  private at: number;
  private readonly controller = new AbortController();

  constructor(
    private readonly limitMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.at = performance.now() + limitMs;
  }

  /** The deadline moves to `limitMs` from now. */
  progress(): void {
    this.at = performance.now() + this.limitMs;
  }

  /** `work`'s outcome, or a GiveUpError as soon as the deadline passes or the caller cancels (then `giveUp` runs). */
  race<T>(work: Promise<T>, giveUp: () => void): Promise<T> {
    if (this.signal?.aborted) return this.stop(work, giveUp, "cancel");
    const left = this.at - performance.now();
    if (left <= 0) return this.stop(work, giveUp, "deadline");
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        this.signal?.removeEventListener("abort", onAbort);
      };
      const fail = (why: GiveUpError["why"]) => {
        if (settled) return;
        settle();
        this.stop(work, giveUp, why).catch(reject);
      };
      const onAbort = () => fail("cancel");
      const timer = setTimeout(() => fail("deadline"), left);
      this.signal?.addEventListener("abort", onAbort, { once: true });
      work.then(
        (v) => {
          if (!settled) {
            settle();
            resolve(v);
          }
        },
        (e: unknown) => {
          if (!settled) {
            settle();
            reject(e);
          }
        },
      );
    });
  }

  private stop<T>(work: Promise<T>, giveUp: () => void, why: GiveUpError["why"]): Promise<T> {
    work.catch(() => {}); // it may still reject (aborted): nobody waits for it any more
    this.controller.abort();
    try {
      giveUp();
    } catch {
      /* the reader may already be released */
    }
    return Promise.reject(new GiveUpError(why));
  }

  /** fetch, given up on at the deadline or on cancel; an answer that arrives after that has its body cancelled. */
  fetch(url: string, init: RequestInit): Promise<Response> {
    const pending = fetch(url, { ...init, signal: this.controller.signal });
    return this.race(
      pending,
      () =>
        void pending.then(
          (res) => res.body?.cancel().catch(() => {}),
          () => {},
        ),
    );
  }

  /** The body, each read raced as above; a give-up cancels the underlying reader at once (not awaited). */
  body(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader();
    const cancel = () => void reader.cancel().catch(() => {});
    return new ReadableStream<Uint8Array>(
      {
        pull: async (c) => {
          const r = await this.race(reader.read(), cancel);
          if (r.done) c.close();
          else c.enqueue(r.value);
        },
        cancel,
      },
      { highWaterMark: 0 },
    );
  }
}
