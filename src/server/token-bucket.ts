/**
 * A token bucket: allows bursts of up to `capacity` events, refilled at `ratePerSecond`.
 * Used to limit how many messages a client may send.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket(50, 50);
 * if (!bucket.take()) ws.close(1008, 'rate limit exceeded');
 * ```
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  /**
   * @param ratePerSecond - refill rate, > 0
   * @param capacity - the largest burst (default: one second's worth, `ratePerSecond`)
   * @param now - the clock in milliseconds (default `performance.now`)
   */
  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError(`ratePerSecond must be a positive number, got ${String(ratePerSecond)}`);
    }
    if (!(capacity >= 1) || !Number.isFinite(capacity)) throw new RangeError(`capacity must be ≥ 1, got ${String(capacity)}`);
    this.#tokens = capacity;
    this.#last = now();
  }

  /**
   * Takes one token if there is one.
   *
   * @returns false when the bucket is empty (the event is over the limit)
   */
  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.ratePerSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
