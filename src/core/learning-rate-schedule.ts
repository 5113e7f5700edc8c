/**
 * How the learning rate μ changes with the step count k (k = 0 for the first step).
 *
 * - `constant`: μ = lr.
 * - `inverse-scaling`: μ = lr / (1 + decay·k) (as Vowpal Wabbit's and Léon Bottou's SGD).
 * - `inverse-power`: μ = lr / (k + 1)^power (scikit-learn's `invscaling`, with its t = k + 1).
 */
export type LearningRateSchedule =
  | { readonly kind: 'constant'; readonly lr: number }
  | { readonly kind: 'inverse-scaling'; readonly lr: number; readonly decay: number }
  | { readonly kind: 'inverse-power'; readonly lr: number; readonly power: number };

/**
 * The learning rate at step k.
 *
 * @example
 * ```ts
 * learningRateAt({ kind: 'inverse-scaling', lr: 0.1, decay: 1 }, 1); // 0.05
 * learningRateAt({ kind: 'inverse-power', lr: 0.1, power: 0.5 }, 3); // 0.05
 * ```
 */
export function learningRateAt(schedule: LearningRateSchedule, k: number): number {
  switch (schedule.kind) {
    case 'constant':
      return schedule.lr;
    case 'inverse-scaling':
      return schedule.lr / (1 + schedule.decay * k);
    case 'inverse-power':
      return schedule.lr / Math.pow(k + 1, schedule.power);
  }
}

/**
 * Checks a schedule's numbers, so that a bad one fails where it is made.
 *
 * @throws RangeError naming the field that is not a finite, non-negative number
 * @example
 * ```ts
 * validateSchedule({ kind: 'constant', lr: -1 }); // throws "lr must be ..."
 * ```
 */
export function validateSchedule(schedule: LearningRateSchedule): LearningRateSchedule {
  const check = (name: string, v: number): void => {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${String(v)}`);
  };
  check('lr', schedule.lr);
  if (schedule.kind === 'inverse-scaling') check('decay', schedule.decay);
  else if (schedule.kind === 'inverse-power') check('power', schedule.power);
  else if (schedule.kind !== 'constant') throw new RangeError(`unknown schedule kind: ${String((schedule as { kind: unknown }).kind)}`);
  return schedule;
}
