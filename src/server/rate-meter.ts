/**
 * Samples per second of a growing counter, over a sliding window of readings.
 *
 * @example
 * ```ts
 * const meter = new RateMeter(3000);
 * meter.record(0, 0);
 * meter.record(1000, 200);
 * meter.rate(); // 200
 * ```
 */
export class RateMeter {
  readonly #times: number[] = [];
  readonly #counts: number[] = [];

  /** @param windowMs - how far back the rate looks (default 3000 ms) */
  constructor(readonly windowMs = 3000) {}

  /**
   * Records the counter's value at a time. A counter that went down (a reset) starts the window again.
   *
   * @param time - ms, non-decreasing
   * @param count - the counter's value
   */
  record(time: number, count: number): void {
    const last = this.#counts.length - 1;
    if (last >= 0 && count < this.#counts[last]!) {
      this.#times.length = 0;
      this.#counts.length = 0;
    }
    this.#times.push(time);
    this.#counts.push(count);
    let drop = 0;
    // Keep one reading older than the window so the rate spans all of it.
    while (this.#times.length - drop > 2 && time - this.#times[drop + 1]! >= this.windowMs) drop++;
    if (drop > 0) {
      this.#times.splice(0, drop);
      this.#counts.splice(0, drop);
    }
  }

  /** Counts per second over the window (0 with fewer than two readings). */
  rate(): number {
    const n = this.#times.length;
    if (n < 2) return 0;
    const dt = this.#times[n - 1]! - this.#times[0]!;
    return dt > 0 ? ((this.#counts[n - 1]! - this.#counts[0]!) * 1000) / dt : 0;
  }
}
