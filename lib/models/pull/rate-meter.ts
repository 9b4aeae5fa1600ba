// Rate and time left over the last few seconds, so a stall shows at once and a burst does not promise too much.

const WINDOW_MS = 5000;

export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records that `bytes` (a running total) had been reached now. */
  add(bytes: number): void {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0].at > WINDOW_MS) this.samples.shift();
  }

  bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 200) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  secondsLeft(remaining: number): number | null {
    const rate = this.bytesPerSecond();
    return rate && rate > 0 ? Math.ceil(remaining / rate) : null;
  }
}
