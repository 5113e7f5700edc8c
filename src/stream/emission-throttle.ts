import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/** The longest timer: Node's timers overflow past 2³¹ − 1 ms and fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * How often a learning stream emits. The latest state wins; the states in
 * between are never built.
 *
 * - `samples`: a step once this many samples were learned since the last one.
 * - `ms`: a trailing deadline, not a clock. Learning a sample when none is
 *   waiting to be emitted starts a timer of `ms`; when it runs out, the state
 *   then is emitted (with every sample learned meanwhile). So steps come at
 *   most every `ms` while samples flow, the last sample of a burst is emitted
 *   at most `ms` after it, and an idle learner emits nothing at all: no
 *   sample, no timer, no step.
 * - Both: whichever comes first (a count-triggered step does not restart a
 *   running `ms` timer; the timer then emits only if samples came since).
 * - `heartbeatMs`: besides, the state now is emitted whenever no step was
 *   emitted for this long, learning or not: a dashboard can tell an idle
 *   learner (steps keep coming, `n` unchanged, `time` advancing) from a dead
 *   one (no step). Off by default. Learning streams only (`learnEach`,
 *   `learnBatches`, `progressiveValidation`, `OnlineLearner`).
 *
 * With neither `samples` nor `ms`, a step follows every sample or batch.
 *
 * @example
 * ```ts
 * const every: EmitEvery = { samples: 1000, ms: 250, heartbeatMs: 5000 };
 * ```
 */
export interface EmitEvery {
  /** Emit once this many samples have been learned since the last emission (an integer ≥ 1). */
  samples?: number;
  /** Emit at most this many ms after the first sample not yet emitted (> 0, at most 2³¹ − 1). */
  ms?: number;
  /** Also emit the state now when no step was emitted for this many ms (> 0, at most 2³¹ − 1; default: never). */
  heartbeatMs?: number;
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
  const { samples, ms, heartbeatMs } = every;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 1)) {
    throw new RangeError(`emitEvery.samples must be an integer ≥ 1, got ${String(samples)}`);
  }
  for (const [name, value] of [['ms', ms], ['heartbeatMs', heartbeatMs]] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS)) {
      throw new RangeError(`emitEvery.${name} must be a finite number > 0 and at most ${MAX_TIMER_MS} (a timer's limit), got ${String(value)}`);
    }
  }
  return samples === undefined && ms === undefined ? { ...every, samples: 1 } : every;
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
  private heartbeat: Subscription | null = null;
  private lastEmission: number;

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
    this.lastEmission = scheduler.now();
    if (checked.heartbeatMs !== undefined) this.beat(checked.heartbeatMs);
  }

  /** Records `count` samples learned; emits when `samples` are pending, or arms the `ms` timer. */
  tick(count: number): void {
    this.pending += count;
    if (this.pending >= this.samples) this.fire();
    else if (this.ms !== undefined && this.timer === null) this.arm(this.ms);
  }

  /**
   * Whether every sample is emitted and nothing else depends on an emission (`samples` of 1, no
   * heartbeat): a learner may then emit after each sample itself, without ticking.
   */
  get everySample(): boolean {
    return this.samples === 1 && this.heartbeat === null;
  }

  /** Samples left before a count-triggered emission (Infinity without `samples`). */
  untilDue(): number {
    return this.samples - this.pending;
  }

  /** Emits now if any sample is pending (a source completed or failed). */
  flush(): void {
    if (this.pending > 0) this.fire();
  }

  /** Cancels the timers; the throttle emits nothing more. */
  dispose(): void {
    this.timer?.unsubscribe();
    this.timer = null;
    this.heartbeat?.unsubscribe();
    this.heartbeat = null;
    this.pending = 0;
  }

  private fire(): void {
    // An armed timer stays armed: re-arming after every count-triggered
    // emission would cost a timer per step on a fast stream.
    this.pending = 0;
    if (this.heartbeat !== null) this.lastEmission = this.scheduler.now();
    this.emit();
  }

  /** Emits when no step went out for `period` ms; looks again when the quiet time would reach it. */
  private beat(period: number): void {
    const now = (): number => this.scheduler.now();
    this.heartbeat = this.scheduler.schedule(function (this: SchedulerAction<EmissionThrottle>, throttle) {
      const quiet = now() - throttle!.lastEmission;
      if (quiet >= period) throttle!.fire();
      if (throttle!.heartbeat !== null) this.schedule(throttle, quiet >= period ? period : period - quiet);
    }, period, this);
  }

  private arm(ms: number): void {
    this.timer = this.scheduler.schedule(() => {
      this.timer = null;
      if (this.pending > 0) this.fire();
    }, ms);
  }
}
