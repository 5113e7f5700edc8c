import type { Metrics } from './metrics/progressive-metrics.js';

/**
 * One emitted state of a learner: what `Trainer.step` builds, what the
 * stream operators and `OnlineLearner.steps$` emit, what the server sends
 * (as its `step` message, with a few fields of its own) and what the
 * dashboard draws. Every field is a copy: nothing a subscriber does to a
 * step can change the model.
 *
 * @example
 * ```ts
 * learner.steps$.subscribe((step: Step) => console.log(step.n, step.loss, step.weights));
 * ```
 */
export interface Step {
  /** Samples learned from (the model's `seen`). */
  n: number;
  /** Loss of the last sample or batch, before its step; null before the first (no loss yet). */
  loss: number | null;
  /** A copy of the weights. */
  weights: number[];
  /** The bias, or null when the model has none. */
  bias: number | null;
  /** Increments on every model change: a step, a reset, a load. */
  version: number;
  /** The learning rate the next step will use. */
  lr: number;
  /** Progressive (test-then-train) scores. */
  metrics: Metrics;
  /**
   * The scheduler's clock at emission (`Date.now()` by default), in ms.
   *
   * With the default wall clock, steps emitted within one synchronous run
   * (the samples of one chunk, a synchronous source) share a reading of the
   * clock for up to 1,024 steps, because reading it costs more than a step:
   * such a run lasts well under the clock's millisecond, and each later turn
   * of the event loop reads it afresh. A virtual-time scheduler is read for
   * every step. See `StepClock`.
   */
  time: number;
}
