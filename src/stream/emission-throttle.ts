import type { SchedulerLike, Subscription } from 'rxjs';

/**
 * How often a learning stream emits: every `samples` samples, every `ms`
 * milliseconds, or both (whichever comes first). The latest state wins; the
 * states in between are never built.
 *
 * @example
 * ```ts
 * const every: EmitEvery = { samples: 1000, ms: 250 };
 * ```
 */
export interface EmitEvery {
  /** Emit once this many samples have been learned since the last emission (an integer ≥ 1). */
  samples?: number;
  /** Emit at most this many ms after the first sample not yet emitted (> 0). */
  ms?: number;
}

/**
 * Checks an {@link EmitEvery}; with neither field, emission follows every sample.
 *
 * @throws RangeError naming the bad field
 * @example
 * ```ts
 * checkEmitEvery({ samples: 0 }); // throws RangeError: emitEvery.samples must be an integer ≥ 1, got 0
 * ```
 */
export function checkEmitEvery(every: EmitEvery | undefined): EmitEvery {
  if (every === undefined) return { samples: 1 };
  const { samples, ms } = every;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 1)) {
    throw new RangeError(`emitEvery.samples must be an integer ≥ 1, got ${String(samples)}`);
  }
  if (ms !== undefined && (!Number.isFinite(ms) || ms <= 0)) {
    throw new RangeError(`emitEvery.ms must be a finite number > 0, got ${String(ms)}`);
  }
  return samples === undefined && ms === undefined ? { samples: 1 } : every;
}

/**
 * The emission clock shared by the learning operators: they call
 * {@link EmissionThrottle.tick} after learning, and it calls `emit` when a
 * step is due. Per sample it costs a counter and a comparison; the step
 * itself is only built when emitted.
 *
 * @example
 * ```ts
 * const throttle = new EmissionThrottle({ samples: 1000 }, asyncScheduler, () => subscriber.next(trainer.step(Date.now())));
 * throttle.tick(1); // after each sample
 * throttle.flush(); // on completion: emits if anything is pending
 * throttle.dispose();
 * ```
 */
export class EmissionThrottle {
  private readonly samples: number;
  private readonly ms: number | undefined;
  private pending = 0;
  private timer: Subscription | null = null;

  /**
   * @param every - when to emit (default: after every sample)
   * @param scheduler - the clock for `every.ms`
   * @param emit - called when a step is due
   */
  constructor(
    every: EmitEvery | undefined,
    private readonly scheduler: SchedulerLike,
    private readonly emit: () => void,
  ) {
    const checked = checkEmitEvery(every);
    this.samples = checked.samples ?? Infinity;
    this.ms = checked.ms;
  }

  /** Records `count` samples learned; emits when `samples` are pending, or arms the `ms` timer. */
  tick(count: number): void {
    this.pending += count;
    if (this.pending >= this.samples) this.fire();
    else if (this.ms !== undefined && this.timer === null) this.arm(this.ms);
  }

  /** Samples left before a count-triggered emission (Infinity without `samples`). */
  untilDue(): number {
    return this.samples - this.pending;
  }

  /** Emits now if any sample is pending (a source completed or failed). */
  flush(): void {
    if (this.pending > 0) this.fire();
  }

  /** Cancels the timer; the throttle emits nothing more. */
  dispose(): void {
    this.timer?.unsubscribe();
    this.timer = null;
    this.pending = 0;
  }

  private fire(): void {
    // An armed timer stays armed: re-arming after every count-triggered
    // emission would cost a timer per step on a fast stream.
    this.pending = 0;
    this.emit();
  }

  private arm(ms: number): void {
    this.timer = this.scheduler.schedule(() => {
      this.timer = null;
      if (this.pending > 0) this.fire();
    }, ms);
  }
}
