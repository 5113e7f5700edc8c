const SCALE = 2 ** 64;

/**
 * A running sum of losses whose mean never overflows: each loss is finite
 * (at most `Number.MAX_VALUE`), but a sum of several huge ones is not, and
 * `Infinity / n` would reach the metrics as Infinity (`null` in JSON).
 *
 * While the plain sum stays finite it is kept as is, so its mean is
 * bit-identical to `sum / n`. Once it would overflow, the sum is kept divided
 * by 2⁶⁴ (a power of two: exact, but for losses below 2⁻⁹⁶⁰, which the scaled
 * sum cannot hold and which cannot matter beside a huge one), and the mean is
 * clipped at `Number.MAX_VALUE` (the mean of losses at most MAX_VALUE can only
 * pass it by rounding).
 *
 * @example
 * ```ts
 * const s = new LossSum();
 * s.add(Number.MAX_VALUE); s.add(Number.MAX_VALUE);
 * s.mean(2); // Number.MAX_VALUE, not Infinity
 * ```
 */
export class LossSum {
  /** The sum, divided by `scale` (public for the per-row loop of `learnRowsWithSteps`). @internal */
  sum = 0;
  /** 1 while the plain sum is finite, then a power of 2⁶⁴. @internal */
  scale = 1;

  /** Adds a finite loss ≥ 0. */
  add(loss: number): void {
    const sum = this.sum + loss;
    if (this.scale === 1 && sum !== Infinity) this.sum = sum;
    else this.addScaled(loss);
  }

  /** The plain running sum, where a block kernel starts adding its run's losses (see {@link settle}). @internal */
  get running(): number {
    return this.sum;
  }

  /**
   * Takes a run of losses a block kernel added to {@link running} in order:
   * `sum` is kept when the plain sum stayed finite (losses are ≥ 0, so a
   * finite end means no step overflowed), and otherwise the run's losses,
   * `losses[from]` to `losses[from + count − 1]`, are added one by one as
   * `add` would. Either way the sum is bit-identical to `count` calls of `add`.
   *
   * @returns the plain running sum to start the next run from
   * @internal
   */
  settle(sum: number, losses: Float64Array, from: number, count: number): number {
    if (this.scale === 1 && sum !== Infinity) return (this.sum = sum);
    for (let k = from; k < from + count; k++) this.add(losses[k]!);
    return this.sum;
  }

  /** The mean of the losses added, given their count; NaN for a count of 0 (small enough for V8 to inline it always). */
  mean(count: number): number {
    return this.scale === 1 && count !== 0 ? this.sum / count : this.scaledMean(count);
  }

  /** {@link mean} of a scaled sum, or NaN for a count of 0. */
  private scaledMean(count: number): number {
    if (count === 0) return NaN;
    return this.scale === 1 ? this.sum / count : Math.min((this.sum / count) * this.scale, Number.MAX_VALUE);
  }

  /** Back to an empty sum. */
  reset(): void {
    this.sum = 0;
    this.scale = 1;
  }

  /** The sum as two numbers (what a checkpoint saves): the sum is `sum · scale`. */
  save(): { sum: number; scale: number } {
    return { sum: this.sum, scale: this.scale };
  }

  /**
   * Continues from a sum that {@link LossSum.save} returned.
   *
   * @throws RangeError when `sum` is not finite and ≥ 0 or `scale` is not a power of 2⁶⁴
   */
  load(saved: { sum: number; scale: number }): void {
    const { sum, scale } = saved;
    if (!(Number.isFinite(sum) && sum >= 0)) throw new RangeError(`a loss sum must be a finite number ≥ 0, got ${String(sum)}`);
    if (!isScale(scale)) throw new RangeError(`a loss sum's scale must be 1 or a power of 2^64, got ${String(scale)}`);
    this.sum = sum;
    this.scale = scale;
  }

  /** The slow path, once the plain sum would overflow: 2⁶⁴ more huge losses fit before it would again. */
  private addScaled(loss: number): void {
    for (;;) {
      const sum = this.sum + loss / this.scale;
      if (sum !== Infinity) {
        this.sum = sum;
        return;
      }
      this.sum /= SCALE;
      this.scale *= SCALE;
    }
  }
}

/** Whether `scale` is one of the values a sum's scale takes: 1, 2⁶⁴, 2¹²⁸, … (finite). */
function isScale(scale: number): boolean {
  if (!Number.isFinite(scale) || scale < 1) return false;
  let s = scale;
  while (s > 1) s /= SCALE;
  return s === 1;
}
