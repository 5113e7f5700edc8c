/**
 * A client's work budget in rows per second (prediction rows, samples): a
 * token bucket that may go into debt. A request is charged its rows when it
 * is handled; while the client is in debt, its further requests wait (and its
 * socket is not read), so a client gets at most its budget over time however
 * it sizes its messages, and one big request is never refused for being big.
 *
 * @example
 * ```ts
 * const budget = new WorkBudget(10_000);
 * await sleep(budget.waitMs()); // 0 while there is budget left
 * budget.charge(message.x.length);
 * ```
 */
export class WorkBudget {
  #tokens: number;
  #last: number;

  /**
   * @param rowsPerSecond - refill rate, > 0 and finite; also the largest burst (one second's worth)
   * @param now - the clock in milliseconds (default `performance.now`)
   */
  constructor(
    readonly rowsPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(rowsPerSecond > 0) || !Number.isFinite(rowsPerSecond)) throw new RangeError(`rowsPerSecond must be a positive number, got ${String(rowsPerSecond)}`);
    this.#tokens = rowsPerSecond;
    this.#last = now();
  }

  /** Rows left now (negative: the debt). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** How long until the budget is out of debt (0 when it is not in debt). */
  waitMs(): number {
    const available = this.available;
    return available >= 0 ? 0 : (-available / this.rowsPerSecond) * 1000;
  }

  /** Takes `rows` from the budget (it may go into debt). */
  charge(rows: number): void {
    this.#refill();
    this.#tokens -= rows;
  }

  #refill(): void {
    const now = this.now();
    this.#tokens = Math.min(this.rowsPerSecond, this.#tokens + ((now - this.#last) / 1000) * this.rowsPerSecond);
    this.#last = now;
  }
}
